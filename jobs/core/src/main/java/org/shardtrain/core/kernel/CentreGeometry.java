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
   * {@code m} candidates. {@code scratch} holds at least k ints.
   */
  int nearest(double[] x, int o, int a, int m, int[] scratch) {
    // Score in increasing index order: the kernel's tie rule (lowest index wins); each score is the
    // kernel's own chain, fma(c_i, x_i, s) from i = 0.
    scratch[0] = a;
    System.arraycopy(byDistance[a], 0, scratch, 1, m);
    java.util.Arrays.sort(scratch, 0, m + 1);
    int best = -1;
    double bestScore = Double.POSITIVE_INFINITY;
    int t = 0;
    // Four candidates at a time: four independent FMA chains (one chain alone waits on each FMA's latency).
    for (; t + 4 <= m + 1; t += 4) {
      int c0 = scratch[t] * d, c1 = scratch[t + 1] * d, c2 = scratch[t + 2] * d, c3 = scratch[t + 3] * d;
      double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (int i = 0; i < d; i++) {
        double xi = x[o + i];
        s0 = Math.fma(centres[c0 + i], xi, s0);
        s1 = Math.fma(centres[c1 + i], xi, s1);
        s2 = Math.fma(centres[c2 + i], xi, s2);
        s3 = Math.fma(centres[c3 + i], xi, s3);
      }
      double q;
      q = bias[scratch[t]] - 2 * s0; if (q < bestScore) { bestScore = q; best = scratch[t]; }
      q = bias[scratch[t + 1]] - 2 * s1; if (q < bestScore) { bestScore = q; best = scratch[t + 1]; }
      q = bias[scratch[t + 2]] - 2 * s2; if (q < bestScore) { bestScore = q; best = scratch[t + 2]; }
      q = bias[scratch[t + 3]] - 2 * s3; if (q < bestScore) { bestScore = q; best = scratch[t + 3]; }
    }
    if (t + 2 <= m + 1) {
      int c0 = scratch[t] * d, c1 = scratch[t + 1] * d;
      double s0 = 0, s1 = 0;
      for (int i = 0; i < d; i++) {
        double xi = x[o + i];
        s0 = Math.fma(centres[c0 + i], xi, s0);
        s1 = Math.fma(centres[c1 + i], xi, s1);
      }
      double q;
      q = bias[scratch[t]] - 2 * s0; if (q < bestScore) { bestScore = q; best = scratch[t]; }
      q = bias[scratch[t + 1]] - 2 * s1; if (q < bestScore) { bestScore = q; best = scratch[t + 1]; }
      t += 2;
    }
    if (t <= m) {
      int j = scratch[t];
      double s0 = 0;
      for (int i = 0, c = j * d; i < d; i++) s0 = Math.fma(centres[c + i], x[o + i], s0);
      double q = bias[j] - 2 * s0;
      if (q < bestScore) {
        bestScore = q;
        best = j;
      }
    }
    return best < 0 ? 0 : best; // every score NaN: the full kernel answers centre 0 too
  }
}
