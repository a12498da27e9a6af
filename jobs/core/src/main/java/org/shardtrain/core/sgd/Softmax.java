package org.shardtrain.core.sgd;

/**
 * The multinomial logistic loss of K margins m against class y: L = log Σ_k e^{m_k} − m_y, with
 * P(k) = e^{m_k} / Σ e^{m} and dL/dm_k = P(k) − [k = y]. Computed shifted by max m, so no e^m overflows.
 */
public final class Softmax {
  private Softmax() {}

  /** Writes P(k) into {@code probabilities} and returns log Σ e^{m}. */
  public static double probabilities(double[] margins, double[] probabilities) {
    double max = Double.NEGATIVE_INFINITY;
    for (double m : margins) max = Math.max(max, m);
    double sum = 0;
    for (int k = 0; k < margins.length; k++) sum += probabilities[k] = Math.exp(margins[k] - max);
    for (int k = 0; k < margins.length; k++) probabilities[k] /= sum;
    return max + Math.log(sum);
  }

  /** The loss at class {@code y}; {@code gradient} receives dL/dm_k. */
  public static double lossAndGradient(double[] margins, int y, double[] gradient) {
    double logZ = probabilities(margins, gradient);
    gradient[y] -= 1;
    return logZ - margins[y];
  }
}
