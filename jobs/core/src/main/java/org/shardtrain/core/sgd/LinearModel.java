package org.shardtrain.core.sgd;

/** A trained linear model on raw features: margin = w·x + b; for logistic loss, P(y = 1) = σ(margin). */
public record LinearModel(Loss loss, double[] weights, double intercept) {

  public int featureCount() { return weights.length; }

  /** Margin of a sparse example (indices beyond the model's features weigh 0). */
  public double margin(int[] indices, double[] values, int from, int to) {
    double m = intercept;
    for (int i = from; i < to; i++) {
      int j = indices[i];
      if (j < weights.length) m += weights[j] * values[i];
    }
    return m;
  }

  public long nonZeroWeights() {
    long n = 0;
    for (double w : weights) if (w != 0) n++;
    return n;
  }
}
