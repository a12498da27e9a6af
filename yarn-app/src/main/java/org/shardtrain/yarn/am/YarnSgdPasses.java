package org.shardtrain.yarn.am;

import java.util.List;
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
import org.shardtrain.yarn.rpc.AvroBytes;
import org.shardtrain.yarn.rpc.Bytes;
import org.shardtrain.yarn.worker.SgdWorker;

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
    for (byte[] r : workers.setup(SgdWorker.LOAD, Bytes.out().s(rejectsDir.toString()).bytes(train.encode())
        .bytes(test == null ? new byte[0] : test.encode()).toBytes())) {
      bad += Bytes.in(r).l();
    }
    this.badRecords = bad;
  }

  @Override
  public FeatureStats scan() throws Exception {
    double[] v = sum(workers.call(SgdWorker.SCAN, new byte[0]));
    return v.length == 0 ? new FeatureStats() : FeatureStats.of(v);
  }

  @Override
  public GradientStats gradient(SgdState state, Loss loss, long step, double fraction) throws Exception {
    double[] v = sum(workers.call(SgdWorker.GRADIENT,
        Bytes.out().bytes(AvroBytes.encode(SgdCodec.toAvro(state))).l(step).d(fraction).toBytes()));
    return v.length == 0 ? new GradientStats(state.dimension()) : GradientStats.of(v);
  }

  @Override
  public double[] localEpoch(SgdState state, SgdParams params) throws Exception {
    double[] v = sum(workers.call(SgdWorker.LOCAL_EPOCH, Bytes.out().bytes(AvroBytes.encode(SgdCodec.toAvro(state))).toBytes()));
    return v.length == 0 ? new double[] {0} : v;
  }

  @Override
  public EvalStats evaluate(LinearModel model) throws Exception { return evaluate(model, SgdWorker.TEST); }

  @Override
  public EvalStats evaluateTraining(LinearModel model) throws Exception { return evaluate(model, SgdWorker.TRAIN); }

  private EvalStats evaluate(LinearModel model, int which) throws Exception {
    double[] v = sum(workers.call(SgdWorker.EVALUATE,
        Bytes.out().bytes(AvroBytes.encode(SgdCodec.toAvro(model, java.util.Map.of()))).i(which).toBytes()));
    return v.length == 0 ? new EvalStats() : EvalStats.of(v);
  }

  @Override public boolean scanned() { return true; }

  @Override public long badRecords() { return badRecords; }

  /** Adds the workers' vectors in slot order, growing to the longest (feature sums grow with the largest index). */
  private static double[] sum(List<byte[]> results) {
    double[] total = new double[0];
    for (byte[] r : results) {
      double[] v = Bytes.in(r).doubles();
      if (v == null) continue;
      if (v.length > total.length) total = java.util.Arrays.copyOf(total, v.length);
      for (int i = 0; i < v.length; i++) total[i] += v[i];
    }
    return total;
  }
}
