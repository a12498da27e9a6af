package org.shardtrain.mapreduce.sgd;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.shardtrain.core.sgd.ExampleSampling;
import org.shardtrain.core.sgd.FeatureScaling;
import org.shardtrain.core.sgd.GradientStats;
import org.shardtrain.core.sgd.LinearModel;
import org.shardtrain.core.sgd.Loss;
import org.shardtrain.core.sgd.SgdState;

/** Synchronous gradient averaging: sums the gradient of this step's (mini-)batch over the task's examples. */
public final class GradientMapper extends ExampleMapper {
  private Loss loss;
  private LinearModel marginModel;
  private FeatureScaling scaling;
  private GradientStats stats;
  private long seed;
  private long step;
  private double fraction;

  @Override
  protected void setupPass(Configuration conf) throws IOException {
    loss = SgdJobConf.loss(conf);
    SgdState state = SgdJobConf.state(conf);
    marginModel = state.marginModel(loss);
    scaling = state.scaling();
    stats = new GradientStats(state.dimension());
    seed = SgdJobConf.seed(conf);
    step = SgdJobConf.step(conf);
    fraction = SgdJobConf.fraction(conf);
  }

  @Override
  protected void accept(double label, int[] idx, double[] val, int from, int to) {
    if (!ExampleSampling.inBatch(seed, step, fraction, label, idx, val, from, to)) return;
    stats.add(loss, marginModel, scaling.label(label), idx, val, from, to);
  }

  @Override protected double[] statistics() { return stats.flat(); }
}
