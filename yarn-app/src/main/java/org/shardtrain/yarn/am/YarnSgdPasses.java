package org.shardtrain.yarn.am;

import org.apache.avro.specific.SpecificRecord;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.sgd.EvalStats;
import org.shardtrain.core.sgd.FeatureScaling;
import org.shardtrain.core.sgd.FeatureStats;
import org.shardtrain.core.sgd.GradientStats;
import org.shardtrain.core.sgd.LinearModel;
import org.shardtrain.core.sgd.Loss;
import org.shardtrain.core.sgd.SgdParams;
import org.shardtrain.core.sgd.SgdState;
import org.shardtrain.formats.SgdCodec;
import org.shardtrain.host.engine.SgdEngine;
import org.shardtrain.yarn.protocol.ExampleSet;
import org.shardtrain.yarn.protocol.Members;
import org.shardtrain.yarn.protocol.SgdEvaluate;
import org.shardtrain.yarn.protocol.SgdFrame;
import org.shardtrain.yarn.protocol.SgdGradient;
import org.shardtrain.yarn.protocol.SgdLoad;
import org.shardtrain.yarn.protocol.SgdLocalEpoch;
import org.shardtrain.yarn.protocol.SgdScan;
import org.shardtrain.yarn.protocol.SgdSums;
import org.shardtrain.yarn.protocol.ShardsLoaded;
import org.shardtrain.yarn.rpc.PackedDoubles;

/**
 * SGD passes on the workers: each holds its training examples (and its share of the test examples) as CSR
 * arrays; every pass's statistics vectors are summed among the workers (slot 0 answering with the total) when
 * every worker has an endpoint, else here, as MapReduce's reducer sums them.
 */
final class YarnSgdPasses implements SgdEngine {
  private final Coordinator workers;
  private final long badRecords;
  /** Collectives posted so far: with the epoch, what tells one allreduce's messages from another's. */
  private long collectives;

  YarnSgdPasses(Coordinator workers, ShardPlan train, ShardPlan test, Path rejectsDir) throws Exception {
    this.workers = workers;
    long bad = 0;
    for (ShardsLoaded r : workers.setup(new SgdLoad(rejectsDir.toString(), train.message(),
        test == null ? null : test.message()), ShardsLoaded.class)) {
      bad += r.getBadRecords();
    }
    this.badRecords = bad;
  }

  /**
   * Test seam ({@code SgdCoordinationScaleTest}): passes over workers that already hold their examples (given
   * in memory, without the load command); every pass is built, posted and merged as above.
   */
  YarnSgdPasses(Coordinator workers) {
    this.workers = workers;
    this.badRecords = 0;
  }

  @Override
  public FeatureStats scan() throws Exception {
    double[] v = sum(SgdScan::new);
    return v.length == 0 ? new FeatureStats() : FeatureStats.of(v);
  }

  /** The scaling and class labels the workers hold (SgdFrame), to send them again only when they change. */
  private FeatureScaling frameScaling;
  private double[] frameClasses;

  /**
   * A gradient pass ships the point only — d·K + K doubles, packed — where it shipped the whole state (weights,
   * AdaGrad accumulators, the scaling's 2·d doubles: ~32·d bytes); the scaling and classes go once, as a setup
   * command that replacement workers replay.
   */
  @Override
  public GradientStats gradient(SgdState state, Loss loss, long step, double fraction) throws Exception {
    double[] classes = state.classes() == null ? null : state.classes().labels();
    if (!sameScaling(state.scaling(), frameScaling) || !java.util.Arrays.equals(classes, frameClasses)) {
      SgdState frame = new SgdState(new double[0], 0, 0, null, state.scaling(), null, state.classes());
      workers.setup(new SgdFrame(SgdCodec.toAvro(frame)), SgdSums.class);
      frameScaling = state.scaling();
      frameClasses = classes;
    }
    java.nio.ByteBuffer point = PackedDoubles.of(state.point());
    // Among workers, the point goes to slot 0 only, which broadcasts it: the AM sends it once, not W times.
    double[] v = sum(m -> new SgdGradient(m == null ? point : null, step, fraction, m),
        op -> SgdGradient.newBuilder((SgdGradient) op).setPoint(point).build());
    return v.length == 0 ? new GradientStats(state.dimension()) : GradientStats.of(v);
  }

  private static boolean sameScaling(FeatureScaling a, FeatureScaling b) {
    return a == b || (a != null && b != null && java.util.Arrays.equals(a.mean(), b.mean())
        && java.util.Arrays.equals(a.invStd(), b.invStd()) && a.labelMean() == b.labelMean() && a.labelStd() == b.labelStd());
  }

  @Override
  public double[] localEpoch(SgdState state, SgdParams params) throws Exception {
    org.shardtrain.formats.avro.SgdState at = SgdCodec.toAvro(state);
    double[] v = sum(m -> new SgdLocalEpoch(at, m));
    return v.length == 0 ? new double[] {0} : v;
  }

  @Override
  public EvalStats evaluate(LinearModel model) throws Exception { return evaluate(model, ExampleSet.TEST); }

  @Override
  public EvalStats evaluateTraining(LinearModel model) throws Exception { return evaluate(model, ExampleSet.TRAIN); }

  private EvalStats evaluate(LinearModel model, ExampleSet examples) throws Exception {
    org.shardtrain.formats.avro.LinearModel avroModel = SgdCodec.toAvro(model, java.util.Map.of());
    double[] v = sum(m -> new SgdEvaluate(avroModel, examples, m));
    return v.length == 0 ? new EvalStats() : EvalStats.of(v);
  }

  @Override public boolean scanned() { return true; }

  @Override public long badRecords() { return badRecords; }

  /**
   * Runs the pass and adds the workers' vectors in slot order, growing to the longest (feature sums grow
   * with the largest index). When every worker has an endpoint, the pass carries the member table and the
   * workers sum among themselves ({@link org.shardtrain.yarn.collective.PaddedSum}: the longest length agreed
   * first, then the padded vectors summed on the tree or ring); slot 0 answers with the total, the others with
   * nothing, so the loop below adds one non-empty part. A replacement registering mid-pass makes the
   * coordinator build the pass again for the new membership (a new collective number).
   */
  private double[] sum(java.util.function.Function<Members, SpecificRecord> pass) throws Exception {
    return sum(pass, null);
  }

  /** {@link #sum}, slot 0's command being {@code forSlot0} of the others' (it broadcasts what only it receives). */
  private double[] sum(java.util.function.Function<Members, SpecificRecord> pass,
                       java.util.function.UnaryOperator<SpecificRecord> forSlot0) throws Exception {
    double[] total = new double[0];
    java.util.List<SgdSums> parts = workers.membership() == null
        ? workers.call(pass.apply(null), SgdSums.class)
        : workers.callCollective(m -> pass.apply(workers.memberTable().of(m, ++collectives)), forSlot0,
            SgdSums.class);
    long t = System.nanoTime();
    for (SgdSums r : parts) {
      double[] v = PackedDoubles.toArray(r.getValues());
      if (v == null) continue;
      if (v.length > total.length) total = java.util.Arrays.copyOf(total, v.length);
      for (int i = 0; i < v.length; i++) total[i] += v[i];
    }
    workers.merged(System.nanoTime() - t);
    return total;
  }
}
