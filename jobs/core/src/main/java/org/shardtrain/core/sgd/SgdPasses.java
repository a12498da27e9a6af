package org.shardtrain.core.sgd;

/**
 * The passes over labelled examples that SGD needs from an engine. "Training examples" excludes those the
 * test split holds out; each pass returns the merge of every task's statistics.
 */
public interface SgdPasses {
  /** Counts and sums the training examples (feature count, scaling, label check). */
  FeatureStats scan() throws Exception;

  /** Σ of per-example gradients over the training examples sampled for {@code step} (all when fraction ≥ 1). */
  GradientStats gradient(SgdState state, Loss loss, long step, double fraction) throws Exception;

  /** One epoch of local SGD per task from {@code state}; the sum of the tasks' weighted models. */
  double[] localEpoch(SgdState state, SgdParams params) throws Exception;

  /** Test metrics of a raw-feature model over the test examples. */
  EvalStats evaluate(LinearModel model) throws Exception;
}
