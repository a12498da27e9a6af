package org.shardtrain.yarn.collective;

import org.shardtrain.core.kmeans.FarthestPoints;
import org.shardtrain.core.kmeans.KMeansStats;

/**
 * One Lloyd pass's statistics as one vector for an allreduce among workers: k counts (exact as doubles below
 * 2⁵³), k costs, k·d sums, then the M = min(k, 16) farthest points as M distances (−∞ for an empty place)
 * and M·d values. The head adds element-wise; the tail merges as {@link FarthestPoints} merge (the M farthest,
 * ties by values, so the kept set does not depend on the order of merges) — so the whole vector needs the tree
 * ({@link #reduction}); the head alone may take the ring.
 */
public final class KMeansStatsVector {
  private KMeansStatsVector() {}

  static int places(int k) { return Math.min(k, KMeansStats.MAX_RESEEDS); }

  /** Where the farthest points start. */
  static int tail(int k, int d) { return 2 * k + k * d; }

  public static int length(int k, int d) { return tail(k, d) + places(k) * (1 + d); }

  public static double[] of(KMeansStats s) {
    int k = s.k();
    int d = s.dimension();
    double[] v = new double[length(k, d)];
    for (int j = 0; j < k; j++) {
      v[j] = s.count(j);
      v[k + j] = s.cost(j);
      System.arraycopy(s.sum(j), 0, v, 2 * k + j * d, d);
    }
    writeFarthest(s.farthest(), v, tail(k, d), places(k), d);
    return v;
  }

  public static KMeansStats toStats(double[] v, int k, int d) {
    if (v.length != length(k, d)) throw new IllegalArgumentException(v.length + " values, not k-means statistics of k=" + k + ", d=" + d);
    KMeansStats s = new KMeansStats(k, d);
    for (int j = 0; j < k; j++) {
      if (v[j] == 0) continue;
      s.addPartial(j, (long) v[j], v[k + j], java.util.Arrays.copyOfRange(v, 2 * k + j * d, 2 * k + (j + 1) * d));
    }
    readFarthest(v, tail(k, d), places(k), d, s.farthest());
    return s;
  }

  private static void writeFarthest(FarthestPoints f, double[] v, int at, int places, int d) {
    int[] order = f.order();
    for (int p = 0; p < places; p++) {
      if (p < order.length) {
        v[at + p] = f.distance(order[p]);
        System.arraycopy(f.point(order[p]), 0, v, at + places + p * d, d);
      } else {
        v[at + p] = Double.NEGATIVE_INFINITY;
      }
    }
  }

  private static void readFarthest(double[] v, int at, int places, int d, FarthestPoints into) {
    for (int p = 0; p < places; p++) {
      if (v[at + p] == Double.NEGATIVE_INFINITY) continue;
      into.offer(v[at + p], v, at + places + p * d);
    }
  }

  /** Sums the head, merges the farthest points of the tail: whole vectors only (the tree). */
  public static Reduction reduction(int k, int d) {
    int tail = tail(k, d);
    int places = places(k);
    return new Reduction() {
      @Override
      public void combine(double[] mine, int lo, double[] received) {
        Reduction.SUM.combine(mine, 0, java.util.Arrays.copyOf(received, tail));
        FarthestPoints merged = new FarthestPoints(places, d);
        readFarthest(mine, tail, places, d, merged);
        readFarthest(received, tail, places, d, merged);
        writeFarthest(merged, mine, tail, places, d);
      }

      @Override public boolean elementWise() { return false; }
    };
  }
}
