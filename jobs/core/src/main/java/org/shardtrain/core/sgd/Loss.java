package org.shardtrain.core.sgd;

/**
 * The loss of a linear model's margin m = w·x + b against a label. Binary losses take the labels 0/1 or
 * -1/+1 (a label &gt; 0 is the positive class); any other label is refused ({@link #labelProblem}), as
 * Spark's binary logistic regression refuses it, rather than silently folded into one of the two classes.
 * <ul>
 *   <li>{@link #LOGISTIC}: log(1 + e^{-s·m}), s = ±1; dL/dm = σ(m) − y with y ∈ {0, 1}.</li>
 *   <li>{@link #SQUARED}: (m − y)² / 2; dL/dm = m − y.</li>
 *   <li>{@link #HINGE}: max(0, 1 − s·m); dL/dm = −s where s·m &lt; 1, else 0 (a subgradient).</li>
 *   <li>{@link #MULTINOMIAL}: K classes, one margin each; the softmax loss of {@link Softmax}. Labels are
 *   class ids, integers 0 … {@value Classes#MAX_LABEL}; the classes are those the training data holds.</li>
 * </ul>
 */
public enum Loss {
  LOGISTIC, SQUARED, HINGE, MULTINOMIAL;

  public boolean isBinary() { return this == LOGISTIC || this == HINGE; }

  public boolean isMulticlass() { return this == MULTINOMIAL; }

  /** Why {@code label} cannot be trained on with this loss, or null (binary losses: 0, 1, -1 only). */
  public String labelProblem(double label) {
    if (this == MULTINOMIAL) {
      return label == Math.rint(label) && label >= 0 && label <= Classes.MAX_LABEL ? null : "label " + label
          + " is not a class id (an integer from 0 to " + Classes.MAX_LABEL + "), which --loss multinomial needs";
    }
    if (!isBinary() || label == 0 || label == 1 || label == -1) return null;
    return "label " + label + " is not a binary label (0/1 or -1/+1), which --loss "
        + name().toLowerCase(java.util.Locale.ROOT) + " needs (a numeric target: --loss squared; several classes: "
        + "one model per class)";
  }

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
      case MULTINOMIAL -> throw new UnsupportedOperationException("the multinomial loss has K margins: see Softmax");
    };
  }

  public double derivative(double margin, double label) {
    return switch (this) {
      case LOGISTIC -> sigmoid(margin) - (label > 0 ? 1 : 0);
      case SQUARED -> margin - label;
      case HINGE -> sign(label) * margin < 1 ? -sign(label) : 0;
      case MULTINOMIAL -> throw new UnsupportedOperationException("the multinomial loss has K margins: see Softmax");
    };
  }

  public static double sigmoid(double m) {
    return m >= 0 ? 1 / (1 + Math.exp(-m)) : Math.exp(m) / (1 + Math.exp(m));
  }
}
