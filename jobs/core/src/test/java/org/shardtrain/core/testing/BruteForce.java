package org.shardtrain.core.testing;

/** Textbook k-means formulas written the slow, obvious way: the reference the fast code is checked against. */
public final class BruteForce {
  private BruteForce() {}

  public static double squaredEuclidean(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
    return s;
  }

  public static double cosineDistance(double[] a, double[] b) {
    double dot = 0, na = 0, nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return 1 - dot / Math.sqrt(na * nb);
  }

  /** Sum over points of the squared distance to the nearest centre. */
  public static double wssse(double[][] points, double[][] centres) {
    double total = 0;
    for (double[] p : points) {
      double best = Double.POSITIVE_INFINITY;
      for (double[] c : centres) best = Math.min(best, squaredEuclidean(p, c));
      total += best;
    }
    return total;
  }

  public static double[][] rows(double[] flat, int d) {
    double[][] out = new double[flat.length / d][d];
    for (int i = 0; i < out.length; i++) System.arraycopy(flat, i * d, out[i], 0, d);
    return out;
  }

  public static double[][] randomPoints(long seed, int n, int d, double scale) {
    java.util.Random r = new java.util.Random(seed);
    double[][] out = new double[n][d];
    for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) out[i][j] = (r.nextGaussian() + (i % 5) * 3) * scale;
    return out;
  }
}
