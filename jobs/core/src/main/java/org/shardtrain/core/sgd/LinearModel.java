package org.shardtrain.core.sgd;

/**
 * A trained linear model on raw features: margin = w·x + b; for logistic loss, P(y = 1) = σ(margin). A
 * multinomial model ({@code classes} not null) has K rows of weights, class-major (row k is
 * {@code weights[k·d … (k+1)·d)}), one intercept per class in {@code classes}, and P(k) = softmax(margins)_k.
 */
public record LinearModel(Loss loss, double[] weights, double intercept, Classes classes) {

  public LinearModel(Loss loss, double[] weights, double intercept) {
    this(loss, weights, intercept, null);
  }

  public int featureCount() { return classes == null ? weights.length : weights.length / classes.count(); }

  /** Margin of a sparse example (indices beyond the model's features weigh 0). */
  public double margin(int[] indices, double[] values, int from, int to) {
    double m = intercept;
    for (int i = from; i < to; i++) {
      int j = indices[i];
      if (j < weights.length) m += weights[j] * values[i];
    }
    return m;
  }

  /** A multinomial model's K margins of a sparse example, into {@code out}. */
  public void margins(int[] indices, double[] values, int from, int to, double[] out) {
    int d = featureCount();
    for (int k = 0; k < out.length; k++) {
      double m = classes.intercepts()[k];
      int row = k * d;
      for (int i = from; i < to; i++) {
        int j = indices[i];
        if (j < d) m += weights[row + j] * values[i];
      }
      out[k] = m;
    }
  }

  /** A multinomial model's P(class k) of a sparse example, into {@code out}; returns the most probable k. */
  public int classProbabilities(int[] indices, double[] values, int from, int to, double[] out) {
    margins(indices, values, from, to, out);
    Softmax.probabilities(out, out);
    int best = 0;
    for (int k = 1; k < out.length; k++) if (out[k] > out[best]) best = k;
    return best;
  }

  public long nonZeroWeights() {
    long n = 0;
    for (double w : weights) if (w != 0) n++;
    return n;
  }
}
