package org.shardtrain.core.kernel;

/** {@link Simd} in scalar {@link Math#fma} (an intrinsic on x86 with FMA): the reference for the vector path. */
final class ScalarSimd extends Simd {
  @Override String describe() { return "scalar FMA (start the JVM with --add-modules jdk.incubator.vector for SIMD)"; }

  @Override int tile() { return 1; }

  /** Four centres at a time: four independent FMA chains keep the FMA unit busy; each chain is the same. */
  @Override
  void assignTile(double[] x, int off, int d, int points, double[] centres, int k, double[] bias, double[] scratch,
                  int[] nearest, double[] score) {
    for (int t = 0; t < points; t++) {
      int o = off + t * d;
      int best = 0;
      double bestScore = Double.POSITIVE_INFINITY;
      int j = 0;
      for (; j + 4 <= k; j += 4) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int c0 = j * d, c1 = c0 + d, c2 = c1 + d, c3 = c2 + d;
        for (int i = 0; i < d; i++) {
          double xi = x[o + i];
          s0 = Math.fma(centres[c0 + i], xi, s0);
          s1 = Math.fma(centres[c1 + i], xi, s1);
          s2 = Math.fma(centres[c2 + i], xi, s2);
          s3 = Math.fma(centres[c3 + i], xi, s3);
        }
        double q;
        q = bias[j] - 2 * s0; if (q < bestScore) { bestScore = q; best = j; }
        q = bias[j + 1] - 2 * s1; if (q < bestScore) { bestScore = q; best = j + 1; }
        q = bias[j + 2] - 2 * s2; if (q < bestScore) { bestScore = q; best = j + 2; }
        q = bias[j + 3] - 2 * s3; if (q < bestScore) { bestScore = q; best = j + 3; }
      }
      for (; j < k; j++) {
        double s = 0;
        for (int i = 0, c = j * d; i < d; i++) s = Math.fma(centres[c + i], x[o + i], s);
        double q = bias[j] - 2 * s;
        if (q < bestScore) {
          bestScore = q;
          best = j;
        }
      }
      nearest[t] = best;
      score[t] = bestScore;
    }
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

  @Override
  void add(double[] x, int xOff, double[] y, int yOff, int n) {
    for (int i = 0; i < n; i++) y[yOff + i] += x[xOff + i];
  }

  @Override
  void normalEquation(int[] other, double[] ratings, int from, int to, double[] factors, int k, boolean implicit,
                      double alpha, double[] ata, double[] atb, double[] scratch) {
    java.util.Arrays.fill(ata, 0, k * (k + 1) / 2, 0);
    java.util.Arrays.fill(atb, 0, k, 0);
    for (int q = from; q < to; q++) {
      int off = other[q] * k;
      double r = ratings[q];
      double target = r;
      double weight = 1.0;
      if (implicit) {
        double c = 1 + alpha * Math.abs(r);
        target = c * (r > 0 ? 1 : 0);
        weight = c - 1;
      }
      int idx = 0;
      for (int j = 0; j < k; j++) {
        double wyj = weight * factors[off + j];
        for (int i = 0; i <= j; i++) ata[idx++] += factors[off + i] * wyj;
        atb[j] += target * factors[off + j];
      }
    }
  }

  @Override
  int normalScratch(int k, int ratings) { return 0; }
}
