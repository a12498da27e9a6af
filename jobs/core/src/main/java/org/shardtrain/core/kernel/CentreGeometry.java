package org.shardtrain.core.kernel;

/**
 * The centres of one pass as seen from each other, for {@link CpuKernels#kmeansAssignFrom}: for centre a,
 * the other centres by increasing distance from a. A point whose previous centre is a and whose distance to
 * it is u can only be nearer to a centre c_j with D(a, j)·(D(a, j) − 2u) ≤ δ (else d(x, c_j)² − u² ≥
 * D(D − 2u) &gt; δ): a prefix of that list, usually empty.
 */
final class CentreGeometry {
  /** Relative margin of the test: far above rounding (about d·1e-16), far below any real gap. */
  private static final double MARGIN = 1e-9;

  private final double[] centres;
  private final int k;
  private final int d;
  private final double[] bias;
  private final int[][] byDistance;
  private final double[][] distances;
  private final double[] norms;
  private final double maxNormSquared;

  CentreGeometry(double[] centres, int k, int d, double[] bias) {
    this.centres = centres;
    this.k = k;
    this.d = d;
    this.bias = bias;
    this.byDistance = new int[k][];
    this.distances = new double[k][];
    this.norms = new double[k];
    double max = 0;
    for (int a = 0; a < k; a++) {
      norms[a] = Math.sqrt(bias[a]);
      max = Math.max(max, bias[a]);
      Integer[] order = new Integer[k - 1];
      double[] dist = new double[k];
      for (int j = 0, m = 0; j < k; j++) {
        if (j == a) continue;
        double s = 0;
        for (int i = 0; i < d; i++) {
          double diff = centres[a * d + i] - centres[j * d + i];
          s += diff * diff;
        }
        dist[j] = Math.sqrt(s);
        order[m++] = j;
      }
      java.util.Arrays.sort(order, (p, q) -> Double.compare(dist[p], dist[q]));
      byDistance[a] = new int[k - 1];
      distances[a] = new double[k - 1];
      for (int m = 0; m < k - 1; m++) {
        byDistance[a][m] = order[m];
        distances[a][m] = dist[order[m]];
      }
    }
    this.maxNormSquared = max;
  }

  /** Whether this geometry is of these centres (same values). */
  boolean isFor(double[] others, int k, int d) {
    return this.k == k && this.d == d && java.util.Arrays.equals(centres, 0, k * d, others, 0, k * d);
  }

  double[] bias() { return bias; }

  /**
   * How many centres besides {@code a} could be nearer to a point whose previous centre {@code a} is at
   * squared distance {@code u2}: the first m of a's list (0 for most points).
   */
  int candidates(int a, double u2) {
    double u = Math.sqrt(u2) * (1 + MARGIN);
    double xNorm = norms[a] + u; // ‖x‖ ≤ ‖c_a‖ + d(x, c_a)
    double delta = MARGIN * (xNorm * xNorm + maxNormSquared);
    double[] dist = distances[a];
    int m = 0;
    // NaN anywhere fails the test, so every centre is scored, as the full kernel would.
    while (m < dist.length && !(dist[m] * (dist[m] - 2 * u) > delta)) m++;
    return m;
  }

  /**
   * The full kernel's nearest centre of the point at {@code x[o]}, scoring only {@code a} and its first
   * {@code m} candidates, in increasing index order through the scalar kernel's own scoring (the same FMA
   * chain and tie rule, lowest index wins, as every backend's full pass). {@code ids} holds at least k ints.
   */
  int nearest(double[] x, int o, int a, int m, int[] ids, double[] score) {
    ids[0] = a;
    System.arraycopy(byDistance[a], 0, ids, 1, m);
    java.util.Arrays.sort(ids, 0, m + 1);
    // Every score NaN: the first candidate, centre 0 (a NaN distance makes every centre a candidate).
    return ScalarSimd.nearestAmong(x, o, d, centres, bias, ids, m + 1, score, 0);
  }
}
