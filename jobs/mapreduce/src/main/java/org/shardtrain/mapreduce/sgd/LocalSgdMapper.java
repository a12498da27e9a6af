package org.shardtrain.mapreduce.sgd;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.shardtrain.core.param.ParamSet;
import org.shardtrain.core.sgd.FeatureScaling;
import org.shardtrain.core.sgd.LocalSgd;
import org.shardtrain.core.sgd.SgdParams;
import org.shardtrain.core.sgd.SgdState;

/** Iterative parameter mixing: an epoch of SGD over this task's examples from the shared model. */
public final class LocalSgdMapper extends ExampleMapper {
  private LocalSgd sgd;
  private FeatureScaling scaling;

  @Override
  protected void setupPass(Configuration conf) throws IOException {
    SgdParams p = SgdParams.from(new ParamSet(SgdParams.ALL).resolve(conf::get, java.util.Map.of()));
    SgdState state = SgdJobConf.state(conf);
    scaling = state.scaling();
    sgd = new LocalSgd(state, p.loss(), p.regularization(), p.schedule(), p.step(), p.intercept());
  }

  @Override
  protected void accept(double label, int[] idx, double[] val, int from, int to) {
    sgd.add(scaling.label(label), idx, val, from, to);
  }

  @Override protected double[] statistics() { return sgd.weightedSum(); }
}
