package org.shardtrain.core.kernel;

/** {@link Simd} in scalar {@link Math#fma} (an intrinsic on x86 with FMA): the reference for the vector path. */
final class ScalarSimd extends Simd {
  @Override String describe() { return "scalar FMA (start the JVM with --add-modules jdk.incubator.vector for SIMD)"; }

  @Override int tile() { return 1; }

  private volatile int[] allCentres = new int[0];

  @Override
  void assignTile(double[] x, int off, int d, int points, double[] centres, int k, double[] bias, double[] scratch,
                  int[] nearest, double[] score) {
    int[] ids = allCentres;
    if (ids.length < k) {
      ids = new int[k];
      for (int j = 0; j < k; j++) ids[j] = j;
      allCentres = ids; // a new array, filled before it is shared: threads see it whole or keep the old one
    }
    for (int t = 0; t < points; t++) {
      nearest[t] = nearestAmong(x, off + t * d, d, centres, bias, ids, k, score, t);
    }
  }

  /**
   * The lowest score bias[j] − 2·x·c_j among the centres {@code ids[0 .. count)} (increasing indices), ties
   * to the first; its score goes to {@code score[at]}. Four centres at a time: four independent FMA chains
   * keep the FMA unit busy; each chain is fma(c_i, x_i, s) from i = 0, as on every path. Also scores a
   * point's few candidate centres ({@link CentreGeometry#nearest}).
   */
  static int nearestAmong(double[] x, int o, int d, double[] centres, double[] bias, int[] ids, int count,
                          double[] score, int at) {
    int best = ids[0];
    double bestScore = Double.POSITIVE_INFINITY;
    int t = 0;
    for (; t + 4 <= count; t += 4) {
      int j0 = ids[t], j1 = ids[t + 1], j2 = ids[t + 2], j3 = ids[t + 3];
      int c0 = j0 * d, c1 = j1 * d, c2 = j2 * d, c3 = j3 * d;
      double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (int i = 0; i < d; i++) {
        double xi = x[o + i];
        s0 = Math.fma(centres[c0 + i], xi, s0);
        s1 = Math.fma(centres[c1 + i], xi, s1);
        s2 = Math.fma(centres[c2 + i], xi, s2);
        s3 = Math.fma(centres[c3 + i], xi, s3);
      }
      double q;
      q = bias[j0] - 2 * s0; if (q < bestScore) { bestScore = q; best = j0; }
      q = bias[j1] - 2 * s1; if (q < bestScore) { bestScore = q; best = j1; }
      q = bias[j2] - 2 * s2; if (q < bestScore) { bestScore = q; best = j2; }
      q = bias[j3] - 2 * s3; if (q < bestScore) { bestScore = q; best = j3; }
    }
    for (; t < count; t++) {
      int j = ids[t];
      double s = 0;
      for (int i = 0, c = j * d; i < d; i++) s = Math.fma(centres[c + i], x[o + i], s);
      double q = bias[j] - 2 * s;
      if (q < bestScore) {
        bestScore = q;
        best = j;
      }
    }
    score[at] = bestScore;
    return best;
  }

  @Override
  double dot(double[] a, int aOff, double[] b, int bOff, int n) {
    double[] c = new double[CHAINS];
    for (int i = 0; i < n; i++) c[i & 7] = Math.fma(a[aOff + i], b[bOff + i], c[i & 7]);
    return sumChains(c);
  }

  @Override
  double squaredDistance(double[] a, int aOff, double[] b, int bOff, int n) {
    double[] c = new double[CHAINS];
    for (int i = 0; i < n; i++) {
      double diff = a[aOff + i] - b[bOff + i];
      c[i & 7] = Math.fma(diff, diff, c[i & 7]);
    }
    return sumChains(c);
  }

  @Override
  void axpy(double alpha, double[] x, int xOff, double[] y, int yOff, int n) {
    for (int i = 0; i < n; i++) y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
  }

  /** The reference itself: NormalEquation's own one-rating-at-a-time sums. */
  @Override
  void normalEquation(int[] other, double[] ratings, int from, int to, org.shardtrain.core.als.FactorBlock factors,
                      boolean implicit, double alpha, org.shardtrain.core.als.NormalEquation into, double[] scratch) {
    into.reset();
    for (int q = from; q < to; q++) {
      int o = other[q];
      if (implicit) into.addImplicit(factors.arrayOf(o), factors.offsetOf(o), ratings[q], alpha);
      else into.addExplicit(factors.arrayOf(o), factors.offsetOf(o), ratings[q]);
    }
  }

  @Override
  int normalScratch(int k, int ratings) { return 0; }
}
