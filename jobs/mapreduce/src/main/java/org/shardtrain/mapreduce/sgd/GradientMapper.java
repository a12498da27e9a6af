package org.shardtrain.mapreduce.sgd;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.shardtrain.core.sgd.ExampleSampling;
import org.shardtrain.core.sgd.GradientPass;

/** Synchronous gradient averaging: sums the gradient of this step's (mini-)batch over the task's examples. */
public final class GradientMapper extends ExampleMapper {
  private GradientPass pass;
  private long seed;
  private long step;
  private double fraction;

  @Override
  protected void setupPass(Configuration conf) throws IOException {
    pass = new GradientPass(SgdJobConf.state(conf), SgdJobConf.loss(conf));
    seed = SgdJobConf.seed(conf);
    step = SgdJobConf.step(conf);
    fraction = SgdJobConf.fraction(conf);
  }

  @Override
  protected void accept(double label, int[] idx, double[] val, int from, int to) {
    if (!ExampleSampling.inBatch(seed, step, fraction, label, idx, val, from, to)) return;
    pass.add(label, idx, val, from, to);
  }

  @Override protected double[] statistics() { return pass.stats().flat(); }
}
