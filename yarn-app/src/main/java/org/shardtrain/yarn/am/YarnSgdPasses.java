package org.shardtrain.yarn.am;

import org.apache.avro.specific.SpecificRecord;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.sgd.EvalStats;
import org.shardtrain.core.sgd.FeatureStats;
import org.shardtrain.core.sgd.GradientStats;
import org.shardtrain.core.sgd.LinearModel;
import org.shardtrain.core.sgd.Loss;
import org.shardtrain.core.sgd.SgdParams;
import org.shardtrain.core.sgd.SgdState;
import org.shardtrain.formats.SgdCodec;
import org.shardtrain.host.engine.SgdEngine;
import org.shardtrain.yarn.protocol.ExampleSet;
import org.shardtrain.yarn.protocol.SgdEvaluate;
import org.shardtrain.yarn.protocol.SgdGradient;
import org.shardtrain.yarn.protocol.SgdLoad;
import org.shardtrain.yarn.protocol.SgdLocalEpoch;
import org.shardtrain.yarn.protocol.SgdScan;
import org.shardtrain.yarn.protocol.SgdSums;
import org.shardtrain.yarn.protocol.ShardsLoaded;
import org.shardtrain.yarn.rpc.DoubleLists;

/**
 * SGD passes on the workers: each holds its training examples (and its share of the test examples) as CSR
 * arrays; every pass returns one statistics vector per worker, summed here as MapReduce's reducer sums them.
 */
final class YarnSgdPasses implements SgdEngine {
  private final Coordinator workers;
  private final long badRecords;

  YarnSgdPasses(Coordinator workers, ShardPlan train, ShardPlan test, Path rejectsDir) throws Exception {
    this.workers = workers;
    long bad = 0;
    for (ShardsLoaded r : workers.setup(new SgdLoad(rejectsDir.toString(), train.message(),
        test == null ? null : test.message()), ShardsLoaded.class)) {
      bad += r.getBadRecords();
    }
    this.badRecords = bad;
  }

  @Override
  public FeatureStats scan() throws Exception {
    double[] v = sum(new SgdScan());
    return v.length == 0 ? new FeatureStats() : FeatureStats.of(v);
  }

  @Override
  public GradientStats gradient(SgdState state, Loss loss, long step, double fraction) throws Exception {
    double[] v = sum(new SgdGradient(SgdCodec.toAvro(state), step, fraction));
    return v.length == 0 ? new GradientStats(state.dimension()) : GradientStats.of(v);
  }

  @Override
  public double[] localEpoch(SgdState state, SgdParams params) throws Exception {
    double[] v = sum(new SgdLocalEpoch(SgdCodec.toAvro(state)));
    return v.length == 0 ? new double[] {0} : v;
  }

  @Override
  public EvalStats evaluate(LinearModel model) throws Exception { return evaluate(model, ExampleSet.TEST); }

  @Override
  public EvalStats evaluateTraining(LinearModel model) throws Exception { return evaluate(model, ExampleSet.TRAIN); }

  private EvalStats evaluate(LinearModel model, ExampleSet examples) throws Exception {
    double[] v = sum(new SgdEvaluate(SgdCodec.toAvro(model, java.util.Map.of()), examples));
    return v.length == 0 ? new EvalStats() : EvalStats.of(v);
  }

  @Override public boolean scanned() { return true; }

  @Override public long badRecords() { return badRecords; }

  /**
   * Runs the pass and adds the workers' vectors in slot order, growing to the longest (feature sums grow
   * with the largest index).
   */
  private double[] sum(SpecificRecord pass) throws Exception {
    double[] total = new double[0];
    for (SgdSums r : workers.call(pass, SgdSums.class)) {
      double[] v = DoubleLists.toArray(r.getValues());
      if (v == null) continue;
      if (v.length > total.length) total = java.util.Arrays.copyOf(total, v.length);
      for (int i = 0; i < v.length; i++) total[i] += v[i];
    }
    return total;
  }
}
