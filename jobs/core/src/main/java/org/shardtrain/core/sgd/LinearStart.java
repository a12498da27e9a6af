package org.shardtrain.core.sgd;

/**
 * The start of every linear-model fit, whatever the optimiser: one scan pass (examples, both classes present
 * for a binary loss, feature count, scaling), then zero weights or the warm start's, on standardised features.
 */
public record LinearStart(SgdState state, long examples) {

  public static LinearStart of(SgdParams params, SgdPasses passes, LinearModel initialModel, boolean adagrad)
      throws Exception {
    FeatureStats stats = passes.scan().trimmed();
    long examples = stats.count();
    if (examples == 0) throw new IllegalArgumentException("the input holds no training examples");
    if (params.loss().isBinary() && (stats.positives() == 0 || stats.positives() == examples)) {
      throw new IllegalArgumentException("--loss " + params.loss().name().toLowerCase(java.util.Locale.ROOT)
          + " needs both classes; every training label is " + (stats.positives() == 0 ? "≤ 0" : "> 0"));
    }
    int d = Math.max(stats.featureCount(), initialModel == null ? 0 : initialModel.featureCount());
    FeatureScaling scaling = stats.scaling(d, params.standardize(), params.standardize() && !params.loss().isBinary());
    SgdState state = SgdState.initial(d, scaling, adagrad);
    if (initialModel != null) {
      double[] raw = java.util.Arrays.copyOf(initialModel.weights(), d);
      state = new SgdState(scaling.fromRawWeights(raw), scaling.fromRawIntercept(raw, initialModel.intercept()), 0,
          state.accumulators(), scaling);
    }
    return new LinearStart(state, examples);
  }
}
