package org.shardtrain.core.kmeans;

/**
 * Finds the nearest centre of one prepared point, for the passes that go point by point (k-means||
 * seeding and weights, evaluation, prediction); Lloyd passes assign whole blocks through the kernels
 * ({@link LloydPass}). Works on the row-major centre array with precomputed squared norms, allocates
 * nothing per point, and is not thread-safe (one per task or thread).
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

  private double dot(double[] x, int off, int j) {
    double s = 0;
    for (int i = 0, c = j * d; i < d; i++) s += x[off + i] * centres[c + i];
    return s;
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
