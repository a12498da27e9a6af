package org.shardtrain.core.sgd;

/**
 * Everything training needs to continue: the weights and intercept on standardised features, the step
 * count (SGD: the schedule's clock; L-BFGS: passes so far), the AdaGrad accumulators (d weights then the
 * intercept; null for other schedules), the feature scaling, and L-BFGS's memory (null under SGD).
 * Checkpointed after every epoch or iteration.
 */
public record SgdState(double[] weights, double intercept, long step, double[] accumulators, FeatureScaling scaling,
                       QuasiNewtonMemory memory) {

  public SgdState(double[] weights, double intercept, long step, double[] accumulators, FeatureScaling scaling) {
    this(weights, intercept, step, accumulators, scaling, null);
  }

  /** The point only, as a pass needs it: what engines ship to tasks never includes the optimiser's memory. */
  public SgdState withoutMemory() {
    return memory == null ? this : new SgdState(weights, intercept, step, accumulators, scaling, null);
  }

  public SgdState withMemory(QuasiNewtonMemory m) {
    return new SgdState(weights, intercept, step, accumulators, scaling, m);
  }

  /** The weights then the intercept, as one vector (the variables L-BFGS optimises). */
  public double[] point() {
    double[] x = java.util.Arrays.copyOf(weights, weights.length + 1);
    x[weights.length] = intercept;
    return x;
  }

  /** The state at point {@code x} (weights then intercept). */
  public static SgdState at(double[] x, long step, FeatureScaling scaling, QuasiNewtonMemory memory) {
    return new SgdState(java.util.Arrays.copyOf(x, x.length - 1), x[x.length - 1], step, null, scaling, memory);
  }

  public int dimension() { return weights.length; }

  /** The raw-feature model this state predicts with. */
  public LinearModel toModel(Loss loss) {
    return new LinearModel(loss, scaling.toRawWeights(weights), scaling.toRawIntercept(weights, intercept));
  }

  /**
   * The margin on the scaled label's scale as a raw-feature linear function, for tasks that compute
   * margins from raw sparse features: margin = v·x + c with v_j = w_j/σ_j, c = b − Σ w_j μ_j/σ_j.
   */
  public LinearModel marginModel(Loss loss) {
    double[] v = new double[weights.length];
    double c = intercept;
    for (int j = 0; j < v.length; j++) {
      v[j] = weights[j] * scaling.invStd()[j];
      c -= weights[j] * scaling.mean()[j] * scaling.invStd()[j];
    }
    return new LinearModel(loss, v, c);
  }

  public static SgdState initial(int d, FeatureScaling scaling, boolean adagrad) {
    return new SgdState(new double[d], 0, 0, adagrad ? new double[d + 1] : null, scaling);
  }
}
