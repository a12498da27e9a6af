package org.shardtrain.core.kmeans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.testing.BruteForce;

/** k-means|| seeding against its definition, computed by brute force. */
class KMeansParallelSeedingTest {

  @Test
  void aRoundChoosesExactlyThePointsTheDefinitionChooses() {
    int d = 4;
    double[][] pts = BruteForce.randomPoints(11, 2000, d, 1.0);
    double[] candidates = new double[2 * d];
    System.arraycopy(pts[3], 0, candidates, 0, d);
    System.arraycopy(pts[700], 0, candidates, d, d);
    double l = 10;
    long seed = 5;

    // Definition: φ = Σ d²(x, C); x is chosen iff u(x) < ℓ·d²(x, C)/φ.
    double phi = 0;
    double[] dist = new double[pts.length];
    for (int i = 0; i < pts.length; i++) {
      dist[i] = Math.min(BruteForce.squaredEuclidean(pts[i], pts[3]), BruteForce.squaredEuclidean(pts[i], pts[700]));
      phi += dist[i];
    }
    List<double[]> expected = new ArrayList<>();
    for (int i = 0; i < pts.length; i++) {
      if (PointHash.uniform(seed, 1, pts[i], d) < l * dist[i] / phi) expected.add(pts[i]);
    }
    expected.sort((a, b) -> java.util.Arrays.compare(a, b));
    assertTrue(expected.size() > 3, "the test needs a real sample");

    for (int splits : new int[] {1, 3, 17}) {
      double[] chosen = new InMemoryKMeansPasses(pts, DistanceMeasure.EUCLIDEAN, seed, splits)
          .seedingRound(candidates, 1, l).chosen();
      double[][] rows = BruteForce.rows(chosen, d);
      assertEquals(expected.size(), rows.length, "splits=" + splits);
      for (int i = 0; i < rows.length; i++) assertArrayEquals(expected.get(i), rows[i], 0.0);
    }
  }

  @Test
  void theSampleIsTheDistinctPointsWithTheSmallestHashesForAnySplit() {
    int d = 2;
    double[][] pts = BruteForce.randomPoints(12, 500, d, 1.0);
    pts[10] = pts[20].clone(); // a duplicate counts once
    List<double[]> sorted = new ArrayList<>(List.of(pts));
    sorted.sort(Comparator.comparing((double[] p) -> PointHash.hash(9, 0, p, d), Long::compareUnsigned));
    List<double[]> distinct = new ArrayList<>();
    for (double[] p : sorted) {
      if (distinct.stream().noneMatch(q -> java.util.Arrays.equals(p, q))) distinct.add(p);
    }
    for (int splits : new int[] {1, 4, 9}) {
      BottomKSample s = new InMemoryKMeansPasses(pts, DistanceMeasure.EUCLIDEAN, 9, splits).scan(7);
      assertEquals(500, s.seen());
      double[][] got = BruteForce.rows(s.sortedPoints(), d);
      for (int i = 0; i < 7; i++) assertArrayEquals(distinct.get(i), got[i], 0.0);
    }
  }

  @Test
  void weightsCountThePointsNearestToEachCandidate() {
    int d = 3;
    double[][] pts = BruteForce.randomPoints(13, 400, d, 1.0);
    double[] candidates = new double[5 * d];
    for (int c = 0; c < 5; c++) System.arraycopy(pts[c * 70], 0, candidates, c * d, d);
    CandidateWeights w = new InMemoryKMeansPasses(pts, DistanceMeasure.EUCLIDEAN, 1, 3).weigh(candidates);
    long[] expected = new long[5];
    for (double[] p : pts) {
      int best = 0;
      for (int c = 1; c < 5; c++) {
        if (BruteForce.squaredEuclidean(p, pts[c * 70]) < BruteForce.squaredEuclidean(p, pts[best * 70])) best = c;
      }
      expected[best]++;
    }
    assertArrayEquals(expected, w.weights());
  }

  @Test
  void kmeansParallelFindsTheOptimumOnWellSeparatedClusters() throws Exception {
    // Five tight, far-apart blobs: any sane seeding puts one centre in each.
    int d = 2;
    java.util.Random r = new java.util.Random(3);
    double[][] pts = new double[500][d];
    for (int i = 0; i < pts.length; i++) {
      int blob = i % 5;
      pts[i][0] = blob * 100 + r.nextGaussian();
      pts[i][1] = (blob % 2) * 100 + r.nextGaussian();
    }
    double optimal = 0;
    for (int b = 0; b < 5; b++) {
      double mx = 0, my = 0;
      int n = 0;
      for (int i = b; i < pts.length; i += 5) { mx += pts[i][0]; my += pts[i][1]; n++; }
      mx /= n; my /= n;
      for (int i = b; i < pts.length; i += 5) optimal += BruteForce.squaredEuclidean(pts[i], new double[] {mx, my});
    }
    for (long seed = 1; seed <= 5; seed++) {
      KMeansParams p = new KMeansParams(5, KMeansParams.Init.PARALLEL, DistanceMeasure.EUCLIDEAN, 20, 1e-6, seed, 2);
      KMeansResultProbe result = KMeansResultProbe.train(pts, p, 1);
      assertEquals(optimal, result.wssse(), optimal * 1e-9, "seed " + seed);
    }
  }
}
