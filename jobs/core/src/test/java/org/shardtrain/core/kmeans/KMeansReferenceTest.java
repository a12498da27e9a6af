package org.shardtrain.core.kmeans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.shardtrain.core.testing.BruteForce;
import org.shardtrain.core.testing.Datasets;

/** The whole algorithm in one process, on real data, against published reference values. */
class KMeansReferenceTest {
  private static final double[][] IRIS = Datasets.readCsv(Datasets.shipped("iris/points.csv"));

  private static KMeansParams params(int k, KMeansParams.Init init, long seed) {
    return new KMeansParams(k, init, DistanceMeasure.EUCLIDEAN, 100, 1e-6, seed, 2);
  }

  @Test
  void irisReachesTheOptimumWithKMeansParallel() throws Exception {
    // Reference (data/README.md): optimal WSSSE for k=3 is 78.8514; local optima are 142.754 and 145.453.
    double best = Double.POSITIVE_INFINITY;
    for (long seed = 1; seed <= 3; seed++) {
      best = Math.min(best, KMeansResultProbe.train(IRIS, params(3, KMeansParams.Init.PARALLEL, seed), 1).wssse());
    }
    assertTrue(best <= 78.86, "best of 3 seeds reached " + best);
  }

  @Test
  void irisWithRandomInitReachesAKnownOptimum() throws Exception {
    double best = Double.POSITIVE_INFINITY;
    for (long seed = 1; seed <= 5; seed++) {
      best = Math.min(best, KMeansResultProbe.train(IRIS, params(3, KMeansParams.Init.RANDOM, seed), 1).wssse());
    }
    assertTrue(best <= 78.86, "best of 5 seeds reached " + best);
  }

  @Test
  void theResultDoesNotDependOnTheNumberOfSplits() throws Exception {
    KMeansParams p = params(4, KMeansParams.Init.PARALLEL, 17);
    KMeansResultProbe one = KMeansResultProbe.train(IRIS, p, 1);
    for (int splits : new int[] {2, 7}) {
      KMeansResultProbe many = KMeansResultProbe.train(IRIS, p, splits);
      assertEquals(one.state().iteration(), many.state().iteration());
      assertArrayEquals(one.state().model().centres(), many.state().model().centres(), 1e-9);
    }
  }

  @Test
  void reportedCostEqualsTheBruteForceWssse() throws Exception {
    KMeansParams p = params(3, KMeansParams.Init.PARALLEL, 2);
    KMeansResultProbe r = KMeansResultProbe.train(IRIS, p, 1);
    KMeansStats eval = new InMemoryKMeansPasses(IRIS, p.distance(), p.seed(), 3).lloyd(r.state().model());
    assertEquals(r.wssse(), eval.totalCost(), 1e-9);
    assertEquals(150, eval.totalCount());
  }

  @Test
  void cosineClusteringSeparatesDirections() throws Exception {
    // Points along three rays at different lengths: cosine k-means must group by direction, not length.
    double[][] dirs = {{1, 0, 0}, {0, 1, 0}, {1, 1, 1}};
    double[][] pts = new double[90][];
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < 90; i++) {
      double len = 1 + r.nextDouble() * 100;
      double[] dir = dirs[i % 3];
      pts[i] = new double[] {dir[0] * len + r.nextGaussian() * 0.01, dir[1] * len + r.nextGaussian() * 0.01,
          dir[2] * len + r.nextGaussian() * 0.01};
    }
    KMeansParams p = new KMeansParams(3, KMeansParams.Init.PARALLEL, DistanceMeasure.COSINE, 50, 1e-9, 4, 2);
    KMeansResultProbe res = KMeansResultProbe.train(pts, p, 2);
    KMeansModel m = res.state().model();
    Assigner a = new Assigner(m);
    double[] x = new double[3];
    int[] clusterOfDirection = {-1, -1, -1};
    double cost = 0;
    for (int i = 0; i < 90; i++) {
      DistanceMeasure.COSINE.prepare(pts[i], 3, x);
      int c = a.assign(x);
      cost += a.lastDistance();
      if (clusterOfDirection[i % 3] < 0) clusterOfDirection[i % 3] = c;
      assertEquals(clusterOfDirection[i % 3], c, "point " + i + " left its direction's cluster");
      double brute = Double.POSITIVE_INFINITY;
      for (int j = 0; j < 3; j++) brute = Math.min(brute, BruteForce.cosineDistance(pts[i], m.centre(j)));
      assertEquals(brute, a.lastDistance(), 1e-12);
    }
    assertEquals(3, java.util.Arrays.stream(clusterOfDirection).distinct().count());
    assertTrue(cost < 90 * 1e-3, "cosine cost " + cost);
  }

  @Test
  void kLargerThanTheNumberOfDistinctPointsIsRefused() {
    double[][] pts = {{1, 1}, {1, 1}, {2, 2}};
    KMeansParams p = params(3, KMeansParams.Init.RANDOM, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KMeansResultProbe.train(pts, p, 1));
    assertTrue(e.getMessage().contains("distinct"), e.getMessage());
    IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
        () -> KMeansResultProbe.train(pts, params(4, KMeansParams.Init.PARALLEL, 1), 1));
    assertTrue(e2.getMessage().contains("larger than the number of points (3)"), e2.getMessage());
  }
}
