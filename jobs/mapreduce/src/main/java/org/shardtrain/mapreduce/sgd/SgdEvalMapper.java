package org.shardtrain.mapreduce.sgd;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.shardtrain.core.sgd.EvalStats;
import org.shardtrain.core.sgd.LinearModel;

/** Metrics of a raw-feature model over the pass's examples. */
public final class SgdEvalMapper extends ExampleMapper {
  private LinearModel model;
  private final EvalStats stats = new EvalStats();

  @Override
  protected void setupPass(Configuration conf) throws IOException { model = SgdJobConf.model(conf); }

  @Override
  protected void accept(double label, int[] idx, double[] val, int from, int to) {
    stats.add(model, label, idx, val, from, to);
  }

  @Override protected double[] statistics() { return stats.flat(); }
}
