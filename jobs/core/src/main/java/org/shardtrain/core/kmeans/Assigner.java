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
    for (int j = 0; j < k; j++) {
      double s = 0;
      for (int i = 0; i < d; i++) s += centres[j * d + i] * centres[j * d + i];
      centreNormsSq[j] = s;
    }
  }

  /** The distance from the last assigned point to its centre (squared Euclidean, or 1 − cos). */
  public double lastDistance() { return lastDistance; }

  /** Index of the nearest centre; ties go to the lowest index, so the answer does not depend on the split. */
  public int assign(double[] x) {
    int best = 0;
    if (measure == DistanceMeasure.EUCLIDEAN) {
      // ‖x − c‖² = ‖x‖² − 2·x·c + ‖c‖²; ‖x‖² is the same for every centre, so compare ‖c‖² − 2·x·c.
      double bestScore = Double.POSITIVE_INFINITY;
      for (int j = 0, off = 0; j < k; j++, off += d) {
        double dot = 0;
        for (int i = 0; i < d; i++) dot += x[i] * centres[off + i];
        double score = centreNormsSq[j] - 2 * dot;
        if (score < bestScore) {
          bestScore = score;
          best = j;
        }
      }
      // Exact distance to the winner: the expanded form loses precision far from the origin.
      double s = 0;
      for (int i = 0, off = best * d; i < d; i++) {
        double diff = x[i] - centres[off + i];
        s += diff * diff;
      }
      lastDistance = s;
    } else {
      double bestDot = Double.NEGATIVE_INFINITY;
      for (int j = 0, off = 0; j < k; j++, off += d) {
        double dot = 0;
        for (int i = 0; i < d; i++) dot += x[i] * centres[off + i];
        if (dot > bestDot) {
          bestDot = dot;
          best = j;
        }
      }
      lastDistance = Math.max(0.0, 1.0 - bestDot);
    }
    return best;
  }
}
