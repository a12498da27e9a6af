package org.shardtrain.core.sgd;

/**
 * The loss of a linear model's margin m = w·x + b against a label. Binary losses read a label &gt; 0 as the
 * positive class and anything else as the negative one (so 0/1 and -1/+1 files both work).
 * <ul>
 *   <li>{@link #LOGISTIC}: log(1 + e^{-s·m}), s = ±1; dL/dm = σ(m) − y with y ∈ {0, 1}.</li>
 *   <li>{@link #SQUARED}: (m − y)² / 2; dL/dm = m − y.</li>
 *   <li>{@link #HINGE}: max(0, 1 − s·m); dL/dm = −s where s·m &lt; 1, else 0 (a subgradient).</li>
 * </ul>
 */
public enum Loss {
  LOGISTIC, SQUARED, HINGE;

  public boolean isBinary() { return this != SQUARED; }

  private static double sign(double label) { return label > 0 ? 1 : -1; }

  public double value(double margin, double label) {
    return switch (this) {
      case LOGISTIC -> {
        double z = -sign(label) * margin;
        // log(1 + e^z) without overflow.
        yield z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
      }
      case SQUARED -> 0.5 * (margin - label) * (margin - label);
      case HINGE -> Math.max(0, 1 - sign(label) * margin);
    };
  }

  public double derivative(double margin, double label) {
    return switch (this) {
      case LOGISTIC -> sigmoid(margin) - (label > 0 ? 1 : 0);
      case SQUARED -> margin - label;
      case HINGE -> sign(label) * margin < 1 ? -sign(label) : 0;
    };
  }

  public static double sigmoid(double m) {
    return m >= 0 ? 1 / (1 + Math.exp(-m)) : Math.exp(m) / (1 + Math.exp(m));
  }
}
