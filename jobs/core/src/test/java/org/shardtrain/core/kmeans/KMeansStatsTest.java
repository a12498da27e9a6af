package org.shardtrain.core.kmeans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.shardtrain.core.testing.BruteForce;

class KMeansStatsTest {
  private static final int D = 3;

  private static KMeansModel model(double[]... centres) {
    double[] flat = new double[centres.length * D];
    for (int j = 0; j < centres.length; j++) System.arraycopy(centres[j], 0, flat, j * D, D);
    return new KMeansModel(centres.length, D, DistanceMeasure.EUCLIDEAN, flat);
  }

  @Test
  void updateMovesEachCentreToTheMeanOfItsPoints() {
    double[][] pts = BruteForce.randomPoints(7, 200, D, 1.0);
    KMeansModel m = model(pts[0], pts[1], pts[2], pts[3]);
    KMeansStats stats = new KMeansStats(4, D);
    Assigner a = new Assigner(m);
    for (double[] p : pts) stats.add(p, a);
    KMeansUpdate.Result r = KMeansUpdate.update(m, stats);

    double[][] sum = new double[4][D];
    int[] count = new int[4];
    for (double[] p : pts) {
      int best = 0;
      for (int j = 1; j < 4; j++) {
        if (BruteForce.squaredEuclidean(p, m.centre(j)) < BruteForce.squaredEuclidean(p, m.centre(best))) best = j;
      }
      count[best]++;
      for (int i = 0; i < D; i++) sum[best][i] += p[i];
    }
    for (int j = 0; j < 4; j++) {
      for (int i = 0; i < D; i++) assertEquals(sum[j][i] / count[j], r.model().centre(j)[i], 1e-12);
    }
    double[][] before = {m.centre(0), m.centre(1), m.centre(2), m.centre(3)};
    assertEquals(BruteForce.wssse(pts, before), r.cost(), 1e-9);
    assertEquals(200, r.points());
  }

  @Test
  void statisticsOfSplitsMergeToTheWhole() {
    double[][] pts = BruteForce.randomPoints(8, 301, D, 1.0);
    KMeansModel m = model(pts[5], pts[50], pts[99]);
    Assigner a = new Assigner(m);
    KMeansStats whole = new KMeansStats(3, D);
    for (double[] p : pts) whole.add(p, a);
    KMeansStats merged = new KMeansStats(3, D);
    for (int s = 0; s < 4; s++) {
      KMeansStats part = new KMeansStats(3, D);
      for (int i = s * pts.length / 4; i < (s + 1) * pts.length / 4; i++) part.add(pts[i], a);
      merged.merge(part);
    }
    for (int j = 0; j < 3; j++) {
      assertEquals(whole.count(j), merged.count(j));
      assertArrayEquals(whole.sum(j), merged.sum(j), 1e-9);
      assertEquals(whole.cost(j), merged.cost(j), 1e-9);
    }
    assertEquals(whole.farthest().size(), merged.farthest().size());
    int[] wo = whole.farthest().order();
    int[] mo = merged.farthest().order();
    for (int i = 0; i < wo.length; i++) {
      assertArrayEquals(whole.farthest().point(wo[i]), merged.farthest().point(mo[i]));
    }
  }

  @Test
  void anEmptyClusterIsReseededFromTheFarthestPoint() {
    double[][] pts = {{0, 0, 0}, {0.1, 0, 0}, {10, 0, 0}, {10.2, 0, 0}, {30, 0, 0}};
    // Centre 2 is far from everything and gets no points.
    KMeansModel m = model(new double[] {0, 0, 0}, new double[] {10, 0, 0}, new double[] {-500, 0, 0});
    KMeansStats stats = new KMeansStats(3, D);
    Assigner a = new Assigner(m);
    for (double[] p : pts) stats.add(p, a);
    KMeansUpdate.Result r = KMeansUpdate.update(m, stats);
    assertEquals(1, r.emptyClusters());
    assertEquals(1, r.reseeded());
    assertArrayEquals(new double[] {30, 0, 0}, r.model().centre(2), 0.0); // the worst-served point
    assertFalse(KMeansUpdate.converged(r, 1e9), "a re-seeded iteration has not converged");
  }

  @Test
  void convergesWhenNoCentreMovesMoreThanTheTolerance() {
    double[][] pts = {{0, 0, 0}, {2, 0, 0}, {10, 0, 0}, {12, 0, 0}};
    KMeansModel m = model(new double[] {1, 0, 0}, new double[] {11, 0, 0});
    KMeansStats stats = new KMeansStats(2, D);
    Assigner a = new Assigner(m);
    for (double[] p : pts) stats.add(p, a);
    KMeansUpdate.Result r = KMeansUpdate.update(m, stats);
    assertEquals(0.0, r.maxMove(), 0.0);
    assertTrue(KMeansUpdate.converged(r, 0.0));
    assertEquals(4.0, r.cost(), 1e-12);
  }
}
