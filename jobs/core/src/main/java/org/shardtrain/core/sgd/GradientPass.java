package org.shardtrain.core.sgd;

/**
 * One task's share of a gradient pass, as every engine runs it (MapReduce's mapper, a YARN worker, the
 * in-process reference): the margin model is built once from the state, each example's label is put on
 * the scale training uses (standardised for squared loss; a class index for multinomial), and the sums go
 * into one {@link GradientStats} vector.
 */
public final class GradientPass {
  private final Loss loss;
  private final LinearModel marginModel;
  private final FeatureScaling scaling;
  private final Classes classes;
  private final GradientStats stats;

  public GradientPass(SgdState state, Loss loss) {
    this.loss = loss;
    this.marginModel = state.marginModel(loss);
    this.scaling = state.scaling();
    this.classes = state.classes();
    this.stats = classes == null ? new GradientStats(state.dimension())
        : new GradientStats(classes.count(), state.dimension());
  }

  /**
   * Adds one example with its label as read. A multinomial label that is not one of the training classes
   * (possible only for a state built on other data, e.g. a warm start) is refused rather than dropped.
   */
  public void add(double label, int[] idx, double[] val, int from, int to) {
    if (classes == null) {
      stats.add(loss, marginModel, scaling.label(label), idx, val, from, to);
      return;
    }
    int y = classes.indexOf(label);
    if (y < 0) throw new IllegalArgumentException("label " + label + " is not one of the model's classes");
    stats.addSoftmax(marginModel, y, idx, val, from, to);
  }

  public GradientStats stats() { return stats; }
}
