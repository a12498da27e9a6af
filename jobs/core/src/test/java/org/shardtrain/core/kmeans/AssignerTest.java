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
}
