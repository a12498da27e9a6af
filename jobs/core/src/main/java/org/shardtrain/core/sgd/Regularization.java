package org.shardtrain.core.sgd;

/**
 * The penalty on the weights (never on the intercept): none, L2 (λ/2·‖w‖²), L1 (λ·‖w‖₁), or elastic net
 * (λ·(α‖w‖₁ + (1−α)/2·‖w‖²), α = l1 ratio). The L2 part enters the gradient; the L1 part is applied by
 * its proximal operator (soft thresholding), so weights become exactly zero.
 */
public record Regularization(Kind kind, double lambda, double l1Ratio) {
  public enum Kind { NONE, L2, L1, ELASTIC }

  public double l2() {
    return switch (kind) {
      case L2 -> lambda;
      case ELASTIC -> lambda * (1 - l1Ratio);
      default -> 0;
    };
  }

  public double l1() {
    return switch (kind) {
      case L1 -> lambda;
      case ELASTIC -> lambda * l1Ratio;
      default -> 0;
    };
  }

  /** The proximal step of the L1 part with step size {@code step}: argmin_v ½(v − w)² + step·l1·|v|. */
  public double prox(double w, double step) {
    double t = step * l1();
    if (t == 0) return w;
    return w > t ? w - t : w < -t ? w + t : 0.0;
  }

  /** The penalty's value at {@code w} (for the reported objective). */
  public double penalty(double[] w) {
    double l1 = 0, l2 = 0;
    for (double v : w) {
      l1 += Math.abs(v);
      l2 += v * v;
    }
    return l1() * l1 + 0.5 * l2() * l2;
  }
}
