package org.shardtrain.core.sgd;

import java.util.Arrays;

/**
 * Everything training needs to continue: the weights and intercept on standardised features, the step
 * count (SGD: the schedule's clock; L-BFGS: passes so far), the AdaGrad accumulators (the weights' then the
 * intercepts'; null for other schedules), the feature scaling, L-BFGS's memory (null under SGD) and, for
 * multinomial logistic regression, the classes with their intercepts (then {@code weights} holds K rows of
 * d, class-major, and {@code intercept} is unused). Checkpointed after every epoch or iteration.
 */
public record SgdState(double[] weights, double intercept, long step, double[] accumulators, FeatureScaling scaling,
                       QuasiNewtonMemory memory, Classes classes) {

  public SgdState(double[] weights, double intercept, long step, double[] accumulators, FeatureScaling scaling) {
    this(weights, intercept, step, accumulators, scaling, null, null);
  }

  public SgdState(double[] weights, double intercept, long step, double[] accumulators, FeatureScaling scaling,
                  QuasiNewtonMemory memory) {
    this(weights, intercept, step, accumulators, scaling, memory, null);
  }

  /** The number of features d (each class's row, for a multinomial state). */
  public int dimension() { return classes == null ? weights.length : weights.length / classes.count(); }

  /** Rows of weights: K for multinomial, else 1. */
  public int rows() { return classes == null ? 1 : classes.count(); }

  /** The point only, as a pass needs it: what engines ship to tasks never includes the optimiser's memory. */
  public SgdState withoutMemory() {
    return memory == null ? this : new SgdState(weights, intercept, step, accumulators, scaling, null, classes);
  }

  public SgdState withMemory(QuasiNewtonMemory m) {
    return new SgdState(weights, intercept, step, accumulators, scaling, m, classes);
  }

  /** The variables L-BFGS optimises as one vector: the weights (all rows), then the intercept(s). */
  public double[] point() {
    double[] x = Arrays.copyOf(weights, weights.length + rows());
    if (classes == null) x[weights.length] = intercept;
    else System.arraycopy(classes.intercepts(), 0, x, weights.length, rows());
    return x;
  }

  /** This state moved to point {@code x} (laid out as {@link #point()}), without AdaGrad accumulators. */
  public SgdState atPoint(double[] x, long newStep, QuasiNewtonMemory newMemory) {
    double[] w = Arrays.copyOf(x, weights.length);
    if (classes == null) return new SgdState(w, x[weights.length], newStep, null, scaling, newMemory, null);
    return new SgdState(w, 0, newStep, null, scaling, newMemory,
        classes.withIntercepts(Arrays.copyOfRange(x, weights.length, x.length)));
  }

  /** A binary or regression state at point {@code x} (weights then intercept). */
  public static SgdState at(double[] x, long step, FeatureScaling scaling, QuasiNewtonMemory memory) {
    return new SgdState(Arrays.copyOf(x, x.length - 1), x[x.length - 1], step, null, scaling, memory, null);
  }

  /** The raw-feature model this state predicts with. */
  public LinearModel toModel(Loss loss) {
    if (classes == null) {
      return new LinearModel(loss, scaling.toRawWeights(weights), scaling.toRawIntercept(weights, intercept));
    }
    int d = dimension();
    double[] raw = new double[weights.length];
    double[] b = new double[rows()];
    for (int k = 0; k < rows(); k++) {
      double[] row = Arrays.copyOfRange(weights, k * d, (k + 1) * d);
      System.arraycopy(scaling.toRawWeights(row), 0, raw, k * d, d);
      b[k] = scaling.toRawIntercept(row, classes.intercepts()[k]);
    }
    return new LinearModel(loss, raw, 0, classes.withIntercepts(b));
  }

  /**
   * The margin on the scaled label's scale as a raw-feature linear function, for tasks that compute
   * margins from raw sparse features: margin = v·x + c with v_j = w_j/σ_j, c = b − Σ w_j μ_j/σ_j (per row).
   */
  public LinearModel marginModel(Loss loss) {
    int d = dimension();
    double[] v = new double[weights.length];
    double[] c = new double[rows()];
    for (int k = 0; k < rows(); k++) {
      c[k] = classes == null ? intercept : classes.intercepts()[k];
      for (int j = 0; j < d; j++) {
        v[k * d + j] = weights[k * d + j] * scaling.invStd()[j];
        c[k] -= weights[k * d + j] * scaling.mean()[j] * scaling.invStd()[j];
      }
    }
    return classes == null ? new LinearModel(loss, v, c[0]) : new LinearModel(loss, v, 0, classes.withIntercepts(c));
  }

  public static SgdState initial(int d, FeatureScaling scaling, boolean adagrad) {
    return new SgdState(new double[d], 0, 0, adagrad ? new double[d + 1] : null, scaling);
  }

  /** A multinomial state at zero: K rows of d weights, K intercepts. */
  public static SgdState initial(int d, FeatureScaling scaling, boolean adagrad, double[] classLabels) {
    int k = classLabels.length;
    return new SgdState(new double[k * d], 0, 0, adagrad ? new double[k * d + k] : null, scaling, null,
        new Classes(classLabels, new double[k]));
  }
}
