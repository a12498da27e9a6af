package org.shardtrain.host.engine;

import org.shardtrain.core.sgd.EvalStats;
import org.shardtrain.core.sgd.LinearModel;
import org.shardtrain.core.sgd.SgdPasses;

/** SGD passes, plus what the sgd program needs after training. */
public interface SgdEngine extends SgdPasses {
  /** Metrics over the training part (train_* metrics). */
  EvalStats evaluateTraining(LinearModel model) throws Exception;

  boolean scanned();

  long badRecords();
}
