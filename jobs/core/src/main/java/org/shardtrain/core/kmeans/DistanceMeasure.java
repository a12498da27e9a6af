package org.shardtrain.core.kmeans;

/**
 * How k-means measures a point's distance to a centre.
 *
 * <ul>
 *   <li>{@link #EUCLIDEAN}: squared Euclidean distance ‖x − c‖², computed as ‖x‖² − 2·x·c + ‖c‖² (one dot
 *       product per centre) and recomputed exactly for the winning centre, so the reported cost carries no
 *       cancellation error; centres are means.</li>
 *   <li>{@link #COSINE}: 1 − cos(x, c) (spherical k-means, as Spark's {@code CosineDistanceMeasure}): points are
 *       normalised to unit length when read, centres are the normalised sums; a zero vector has no direction
 *       and is a bad record.</li>
 * </ul>
 */
public enum DistanceMeasure {
  EUCLIDEAN, COSINE;

  /**
   * Copies {@code x[0, d)} into {@code out} in the form the assignment works on (unit length for cosine).
   * Returns null when the point is acceptable, otherwise the reason it is not.
   */
  public String prepare(double[] x, int d, double[] out) {
    if (this == EUCLIDEAN) {
      System.arraycopy(x, 0, out, 0, d);
      return null;
    }
    double norm = 0;
    for (int i = 0; i < d; i++) norm += x[i] * x[i];
    norm = Math.sqrt(norm);
    if (norm == 0) return "a zero vector has no direction under cosine distance";
    double inv = 1.0 / norm;
    for (int i = 0; i < d; i++) out[i] = x[i] * inv;
    return null;
  }

  /** The distance between two prepared points (used outside the hot loop: seeding, updates, tests). */
  public double distance(double[] a, int aOffset, double[] b, int bOffset, int d) {
    if (this == EUCLIDEAN) {
      double s = 0;
      for (int i = 0; i < d; i++) {
        double diff = a[aOffset + i] - b[bOffset + i];
        s += diff * diff;
      }
      return s;
    }
    double dot = 0;
    for (int i = 0; i < d; i++) dot += a[aOffset + i] * b[bOffset + i];
    return Math.max(0.0, 1.0 - dot);
  }

  /** Turns a sum of {@code count} prepared points into their centre (mean; normalised for cosine). */
  public void centreFromSum(double[] sum, int offset, long count, int d, double[] out, int outOffset) {
    double norm = 0;
    for (int i = 0; i < d; i++) {
      out[outOffset + i] = sum[offset + i] / count;
      norm += out[outOffset + i] * out[outOffset + i];
    }
    if (this == COSINE && norm > 0) {
      double inv = 1.0 / Math.sqrt(norm);
      for (int i = 0; i < d; i++) out[outOffset + i] *= inv;
    }
  }
}
