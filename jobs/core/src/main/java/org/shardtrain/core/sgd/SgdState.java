package org.shardtrain.core.sgd;

/**
 * Everything training needs to continue: the weights and intercept on standardised features, the step
 * count, the AdaGrad accumulators (d weights then the intercept; null for other schedules) and the feature
 * scaling. Checkpointed after every epoch.
 */
public record SgdState(double[] weights, double intercept, long step, double[] accumulators, FeatureScaling scaling) {

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
