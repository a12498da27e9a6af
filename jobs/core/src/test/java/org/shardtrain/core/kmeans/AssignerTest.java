package org.shardtrain.core.kmeans;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.shardtrain.core.testing.BruteForce;

class AssignerTest {

  @Test
  void euclideanAssignmentMatchesBruteForce() {
    double[][] pts = BruteForce.randomPoints(1, 500, 7, 1.0);
    double[][] centres = BruteForce.randomPoints(2, 9, 7, 1.0);
    double[] flat = new double[9 * 7];
    for (int j = 0; j < 9; j++) System.arraycopy(centres[j], 0, flat, j * 7, 7);
    Assigner a = new Assigner(new KMeansModel(9, 7, DistanceMeasure.EUCLIDEAN, flat));
    for (double[] p : pts) {
      int best = 0;
      for (int j = 1; j < 9; j++) {
        if (BruteForce.squaredEuclidean(p, centres[j]) < BruteForce.squaredEuclidean(p, centres[best])) best = j;
      }
      assertEquals(best, a.assign(p));
      assertEquals(BruteForce.squaredEuclidean(p, centres[best]), a.lastDistance(), 1e-12);
    }
  }

  @Test
  void euclideanDistanceStaysExactFarFromTheOrigin() {
    // ‖x‖² − 2x·c + ‖c‖² alone would lose every digit here; the winner's distance is recomputed exactly.
    double[] c = {1e8, 1e8};
    Assigner a = new Assigner(new KMeansModel(1, 2, DistanceMeasure.EUCLIDEAN, c));
    a.assign(new double[] {1e8 + 0.5, 1e8 - 0.25});
    assertEquals(0.3125, a.lastDistance(), 1e-9);
  }

  @Test
  void cosineAssignmentMatchesTheFormulaOnRawPoints() {
    double[][] raw = BruteForce.randomPoints(3, 300, 5, 2.0);
    double[][] centresRaw = BruteForce.randomPoints(4, 6, 5, 2.0);
    double[] flat = new double[6 * 5];
    double[] unit = new double[5];
    for (int j = 0; j < 6; j++) {
      DistanceMeasure.COSINE.prepare(centresRaw[j], 5, unit);
      System.arraycopy(unit, 0, flat, j * 5, 5);
    }
    Assigner a = new Assigner(new KMeansModel(6, 5, DistanceMeasure.COSINE, flat));
    double[] x = new double[5];
    for (double[] p : raw) {
      DistanceMeasure.COSINE.prepare(p, 5, x);
      int got = a.assign(x);
      int best = 0;
      for (int j = 1; j < 6; j++) {
        if (BruteForce.cosineDistance(p, centresRaw[j]) < BruteForce.cosineDistance(p, centresRaw[best])) best = j;
      }
      assertEquals(best, got);
      assertEquals(BruteForce.cosineDistance(p, centresRaw[best]), a.lastDistance(), 1e-12);
    }
  }

  @Test
  void theKernelAssignsAsThePointByPointPathForBothMeasures() {
    for (DistanceMeasure measure : DistanceMeasure.values()) {
      for (int k : new int[] {1, 3, 4, 9, 20}) {
        // 101 points (not a multiple of the 8-point tile) in 7 dimensions, centres not a multiple of eight.
        double[][] pts = BruteForce.randomPoints(10 + k, 101, 7, 3.0);
        double[][] cs = BruteForce.randomPoints(20 + k, k, 7, 3.0);
        double[] flatPoints = new double[101 * 7];
        double[] flatCentres = new double[k * 7];
        double[] prepared = new double[7];
        for (int p = 0; p < 101; p++) {
          measure.prepare(pts[p], 7, prepared);
          System.arraycopy(prepared, 0, flatPoints, p * 7, 7);
        }
        for (int j = 0; j < k; j++) {
          measure.prepare(cs[j], 7, prepared);
          System.arraycopy(prepared, 0, flatCentres, j * 7, 7);
        }
        // Duplicate a centre: ties must go to the lower index in both paths.
        if (k > 2) System.arraycopy(flatCentres, 0, flatCentres, 2 * 7, 7);
        Assigner one = new Assigner(flatCentres, k, 7, measure);
        int[] nearest = new int[101];
        double[] distance = new double[101];
        try (org.shardtrain.core.kernel.CpuKernels kernels = new org.shardtrain.core.kernel.CpuKernels(1)) {
          kernels.kmeansAssign(flatPoints, 101, 7, flatCentres, k, measure == DistanceMeasure.EUCLIDEAN, nearest, distance,
              new long[k], new double[k * 7], new double[k]);
        }
        for (int p = 0; p < 101; p++) {
          assertEquals(one.assign(flatPoints, p * 7), nearest[p], measure + " k=" + k + " point " + p);
          // The kernel sums with FMAs in 8 chains; the one-point path adds in sequence.
          assertEquals(one.lastDistance(), distance[p], 1e-12 * (1 + distance[p]), measure + " k=" + k + " point " + p);
        }
      }
    }
  }
}
