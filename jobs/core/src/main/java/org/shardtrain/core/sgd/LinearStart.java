package org.shardtrain.core.sgd;

import java.util.Arrays;
import java.util.Locale;

/**
 * The start of every linear-model fit, whatever the optimiser: one scan pass (examples, both classes present
 * for a binary loss, the classes for multinomial, feature count, scaling), then zero weights or the warm
 * start's, on standardised features.
 */
public record LinearStart(SgdState state, long examples) {

  public static LinearStart of(SgdParams params, SgdPasses passes, LinearModel initialModel, boolean adagrad)
      throws Exception {
    FeatureStats stats = passes.scan().trimmed();
    long examples = stats.count();
    if (examples == 0) throw new IllegalArgumentException("the input holds no training examples");
    Loss loss = params.loss();
    if (loss.isBinary() && (stats.positives() == 0 || stats.positives() == examples)) {
      throw new IllegalArgumentException("--loss " + loss.name().toLowerCase(Locale.ROOT)
          + " needs both classes; every training label is " + (stats.positives() == 0 ? "≤ 0" : "> 0"));
    }
    int d = Math.max(stats.featureCount(), initialModel == null ? 0 : initialModel.featureCount());
    FeatureScaling scaling = stats.scaling(d, params.standardize(), params.standardize() && loss == Loss.SQUARED);
    if (loss.isMulticlass()) return new LinearStart(multinomial(stats, d, scaling, adagrad, initialModel), examples);
    if (initialModel != null && initialModel.classes() != null) {
      throw new IllegalArgumentException("--initial-model is a multinomial model; it cannot start --loss "
          + loss.name().toLowerCase(Locale.ROOT));
    }
    SgdState state = SgdState.initial(d, scaling, adagrad);
    if (initialModel != null) {
      double[] raw = Arrays.copyOf(initialModel.weights(), d);
      state = new SgdState(scaling.fromRawWeights(raw), scaling.fromRawIntercept(raw, initialModel.intercept()), 0,
          state.accumulators(), scaling);
    }
    return new LinearStart(state, examples);
  }

  /** K rows at zero (or the warm start's, which must have the same classes); at least two classes. */
  private static SgdState multinomial(FeatureStats stats, int d, FeatureScaling scaling, boolean adagrad,
                                      LinearModel initialModel) {
    double[] labels = stats.classLabels();
    if (labels.length < 2) {
      throw new IllegalArgumentException("--loss multinomial needs at least two classes; every training label is "
          + (labels.length == 0 ? "missing" : String.valueOf((long) labels[0])));
    }
    // K rows of d weights are one array (and one statistics vector of K·d + K + 2): refuse what cannot be one.
    if ((long) labels.length * d + labels.length + 2 > SparseExamples.MAX_VALUES) {
      throw new IllegalArgumentException(labels.length + " classes × " + d + " features = "
          + (long) labels.length * d + " weights, more than one array holds (" + SparseExamples.MAX_VALUES + ")");
    }
    SgdState state = SgdState.initial(d, scaling, adagrad, labels);
    if (initialModel == null) return state;
    if (initialModel.classes() == null || !Arrays.equals(initialModel.classes().labels(), labels)) {
      throw new IllegalArgumentException("--initial-model has classes "
          + (initialModel.classes() == null ? "(none: a binary model)" : Arrays.toString(initialModel.classes().labels()))
          + " but the training data has " + Arrays.toString(labels));
    }
    int k = labels.length;
    int d0 = initialModel.featureCount();
    double[] w = new double[k * d];
    double[] b = new double[k];
    for (int c = 0; c < k; c++) {
      double[] raw = Arrays.copyOf(Arrays.copyOfRange(initialModel.weights(), c * d0, (c + 1) * d0), d);
      System.arraycopy(scaling.fromRawWeights(raw), 0, w, c * d, d);
      b[c] = scaling.fromRawIntercept(raw, initialModel.classes().intercepts()[c]);
    }
    return new SgdState(w, 0, 0, state.accumulators(), scaling, null, state.classes().withIntercepts(b));
  }
}
