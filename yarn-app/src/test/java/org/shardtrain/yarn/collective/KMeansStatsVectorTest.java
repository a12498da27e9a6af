package org.shardtrain.yarn.collective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.kmeans.KMeansStats;
import org.shardtrain.yarn.rpc.KMeansStatsCodec;

/**
 * A Lloyd pass's statistics reduced among workers on the tree give what the AM's hub merge gives (the
 * protocol's codec, in slot order): the same counts, sums and costs to summation order, the same farthest
 * points in the same order — including a centre no point chose, and more far points than places.
 */
class KMeansStatsVectorTest {
  @Test
  void theTreeGivesTheHubsMerge() throws Exception {
    int k = 5;
    int d = 3;
    int workers = 7;
    Random random = new Random(11);
    double[][] centres = new double[k][d];
    for (double[] c : centres) for (int i = 0; i < d; i++) c[i] = random.nextGaussian() * 4;
    KMeansStats[] parts = new KMeansStats[workers];
    for (int w = 0; w < workers; w++) {
      parts[w] = new KMeansStats(k, d);
      for (int n = 0; n < 40 + w; n++) {
        double[] x = new double[d];
        for (int i = 0; i < d; i++) x[i] = random.nextGaussian() * 6;
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int j = 0; j < k - 1; j++) { // centre k − 1 is never chosen: an empty cluster
          double s = 0;
          for (int i = 0; i < d; i++) s += (x[i] - centres[j][i]) * (x[i] - centres[j][i]);
          if (s < bestDistance) {
            bestDistance = s;
            best = j;
          }
        }
        parts[w].add(x, best, bestDistance);
      }
    }
    KMeansStats hub = new KMeansStats(k, d);
    for (KMeansStats p : parts) KMeansStatsCodec.addTo(hub, KMeansStatsCodec.of(p));

    double[][] vectors = new double[workers][];
    for (int w = 0; w < workers; w++) vectors[w] = KMeansStatsVector.of(parts[w]);
    double[][] reduced = QueueLinks.allreduce(new TreeSchedule(), vectors, KMeansStatsVector.reduction(k, d));
    for (int w = 1; w < workers; w++) assertArrayEquals(reduced[0], reduced[w], 0, "member " + w);
    KMeansStats tree = KMeansStatsVector.toStats(reduced[0], k, d);

    for (int j = 0; j < k; j++) {
      assertEquals(hub.count(j), tree.count(j), "count of centre " + j);
      assertEquals(hub.cost(j), tree.cost(j), 1e-12 * Math.max(1, hub.cost(j)));
      assertArrayEquals(hub.sum(j), tree.sum(j), 1e-12 * Math.max(1, hub.cost(j)));
    }
    assertEquals(0, tree.count(k - 1));
    assertEquals(hub.farthest().size(), tree.farthest().size());
    int[] a = hub.farthest().order();
    int[] b = tree.farthest().order();
    for (int i = 0; i < a.length; i++) {
      assertEquals(hub.farthest().distance(a[i]), tree.farthest().distance(b[i]), 0, "far point " + i);
      assertArrayEquals(hub.farthest().point(a[i]), tree.farthest().point(b[i]), 0, "far point " + i);
    }
  }

  @Test
  void theFarthestPointsCannotBeCutIntoRingChunks() {
    double[][] vectors = new double[3][];
    for (int w = 0; w < 3; w++) vectors[w] = KMeansStatsVector.of(new KMeansStats(2, 2));
    Exception e = assertThrows(Exception.class, () -> QueueLinks.allreduce(new RingSchedule(), vectors, KMeansStatsVector.reduction(2, 2)));
    String chain = "";
    for (Throwable t = e; t != null; t = t.getCause()) chain += t.getMessage();
    assertEquals(true, chain.contains("whole vectors"), chain);
  }
}
