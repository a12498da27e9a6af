package org.shardtrain.core.kmeans;

import java.util.Arrays;

/**
 * k centres of dimension d, stored row-major in one primitive array, with the distance measure they were
 * trained under. Immutable.
 */
public final class KMeansModel {
  private final int k;
  private final int dimension;
  private final DistanceMeasure measure;
  private final double[] centres;

  public KMeansModel(int k, int dimension, DistanceMeasure measure, double[] centres) {
    if (k < 1 || dimension < 1) throw new IllegalArgumentException("k and dimension must be positive");
    if (centres.length != k * dimension) {
      throw new IllegalArgumentException("expected " + k + "x" + dimension + " centre values, got " + centres.length);
    }
    this.k = k;
    this.dimension = dimension;
    this.measure = measure;
    this.centres = centres.clone();
  }

  public int k() { return k; }
  public int dimension() { return dimension; }
  public DistanceMeasure measure() { return measure; }

  /** A copy of all centres, row-major. */
  public double[] centres() { return centres.clone(); }

  public double[] centre(int j) { return Arrays.copyOfRange(centres, j * dimension, (j + 1) * dimension); }

  /** Direct read access for the assignment kernels; callers must not write. */
  double[] centresView() { return centres; }

  /** The largest distance any centre moved from {@code previous} to this model (Euclidean, not squared). */
  public double maxMoveFrom(KMeansModel previous) {
    double max = 0;
    for (int j = 0; j < k; j++) {
      double s = 0;
      for (int i = 0; i < dimension; i++) {
        double diff = centres[j * dimension + i] - previous.centres[j * dimension + i];
        s += diff * diff;
      }
      max = Math.max(max, Math.sqrt(s));
    }
    return max;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KMeansModel m && m.k == k && m.dimension == dimension && m.measure == measure
        && Arrays.equals(m.centres, centres);
  }

  @Override
  public int hashCode() { return Arrays.hashCode(centres); }
}
