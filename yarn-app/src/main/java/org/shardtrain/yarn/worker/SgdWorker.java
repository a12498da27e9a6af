package org.shardtrain.yarn.worker;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.hadoop.conf.Configuration;
import org.shardtrain.core.kernel.DenseKernels;
import org.shardtrain.core.param.ParamSet;
import org.shardtrain.core.sgd.ExampleSampling;
import org.shardtrain.core.sgd.InMemorySgdPasses;
import org.shardtrain.core.sgd.LinearModel;
import org.shardtrain.core.sgd.SgdParams;
import org.shardtrain.core.sgd.SparseExamples;
import org.shardtrain.formats.SgdCodec;
import org.shardtrain.formats.input.ExampleBlock;
import org.shardtrain.formats.input.ExampleInputFormat;
import org.shardtrain.formats.input.ShardReader;
import org.shardtrain.yarn.am.ShardPlan;
import org.shardtrain.yarn.protocol.ExampleSet;
import org.shardtrain.yarn.protocol.Members;
import org.shardtrain.yarn.protocol.SgdEvaluate;
import org.shardtrain.core.sgd.SgdState;
import org.shardtrain.yarn.protocol.SgdFrame;
import org.shardtrain.yarn.protocol.SgdGradient;
import org.shardtrain.yarn.protocol.SgdLoad;
import org.shardtrain.yarn.protocol.SgdLocalEpoch;
import org.shardtrain.yarn.protocol.SgdScan;
import org.shardtrain.yarn.protocol.SgdSums;
import org.shardtrain.yarn.protocol.ShardsLoaded;
import org.shardtrain.yarn.rpc.PackedDoubles;

/**
 * A worker's SGD: its training examples and its share of the test examples as CSR arrays
 * ({@link SparseExamples}), and each pass run by the core's in-memory engine over them as one split.
 */
public final class SgdWorker implements WorkerTask {
  private final Configuration conf;
  private final int slot;
  private final SgdParams params;
  private final DenseKernels kernels;
  private SparseExamples train = new SparseExamples();
  private SparseExamples test = new SparseExamples();
  private InMemorySgdPasses passes;
  /** The allreduce among workers (null when this worker has no endpoint: then every pass goes through the AM). */
  private final Collectives collectives;

  SgdWorker(Configuration conf, int slot, DenseKernels kernels, Collectives collectives) {
    this.conf = conf;
    this.slot = slot;
    this.kernels = kernels;
    this.collectives = collectives;
    this.params = SgdParams.from(new ParamSet(SgdParams.ALL).resolve(conf::get, java.util.Map.of()));
  }

  /** The scaling and classes every gradient's point is read with (SgdFrame, sent once). */
  private SgdState frame;

  @Override public long records() { return (long) train.size() + test.size(); }

  @Override
  public SpecificRecord run(SpecificRecord operation) throws Exception {
    if (operation instanceof SgdLoad c) {
      return new ShardsLoaded(load(c.getRejects(), ShardPlan.shardsOf(c.getTrain(), slot), ShardPlan.shardsOf(c.getTest(), slot)));
    }
    if (operation instanceof SgdScan c) return sums(passes.scan().flat(), c.getMembers());
    if (operation instanceof SgdFrame c) {
      frame = SgdCodec.fromAvro(c.getFrame());
      return new SgdSums(null);
    }
    if (operation instanceof SgdGradient c) {
      if (frame == null) throw new IllegalStateException("a gradient before the frame (scaling, classes) was sent");
      double[] x = c.getPoint() == null ? null : PackedDoubles.toArray(c.getPoint());
      // With members the AM sent the point to slot 0 only, which broadcasts it.
      if (c.getMembers() != null) x = collectives.broadcast(slot == 0 ? x : null, c.getMembers());
      if (x == null) throw new IllegalStateException("a gradient without its point");
      SgdState at = new SgdState(new double[x.length - frame.rows()], 0, 0, null, frame.scaling(), null, frame.classes())
          .atPoint(x, c.getStep(), null);
      return sums(passes.gradient(at, params.loss(), c.getStep(), c.getFraction()).flat(), c.getMembers());
    }
    if (operation instanceof SgdLocalEpoch c) {
      return sums(passes.localEpoch(SgdCodec.fromAvro(c.getState()), params), c.getMembers());
    }
    if (operation instanceof SgdEvaluate c) {
      LinearModel model = SgdCodec.fromAvro(c.getModel());
      return sums((c.getExamples() == ExampleSet.TRAIN ? passes.evaluateTraining(model) : passes.evaluate(model)).flat(),
          c.getMembers());
    }
    throw WorkerTask.unknown(operation);
  }

  /**
   * This worker's vector, or — with members — the sum over every member's, padded to the longest
   * ({@link Collectives#paddedSum}), which slot 0 alone sends the AM.
   */
  private SgdSums sums(double[] values, Members members) throws Collectives.CollectiveFailed {
    if (members == null) return new SgdSums(PackedDoubles.of(values));
    double[] total = collectives.paddedSum(values, members);
    return new SgdSums(slot == 0 ? PackedDoubles.of(total) : null);
  }

  /**
   * Test seam ({@code SgdCoordinationScaleTest}): {@code train} and {@code test} given in memory, as the load
   * command would have read them from the shards; the passes then run as after a load.
   */
  void loadExamples(SparseExamples train, SparseExamples test) {
    this.train = train;
    this.test = test;
    passes = new InMemorySgdPasses(train, test, params.seed(), 1, kernels);
  }

  /** Reads the shards once; the held-out fraction (or a separate test input) becomes the test set. */
  private long load(String rejectsDir, List<ShardPlan.Shard> trainShards, List<ShardPlan.Shard> testShards)
      throws Exception {
    long seed = params.seed();
    double fraction = testShards == null ? params.testFraction() : 0;
    try (ShardReader reader = new ShardReader(conf, rejectsDir, slot)) {
      reader.read(new ExampleInputFormat(), ShardPlan.splits(trainShards), ExampleBlocks::of, b -> {
        for (int i = 0; i < b.count(); i++) {
          boolean isTest = fraction > 0
              && ExampleSampling.isTest(seed, fraction, b.label(i), b.indices(), b.values(), b.from(i), b.to(i));
          (isTest ? test : train).add(b.label(i), b.indices(), b.values(), b.from(i), b.to(i));
        }
      });
      if (testShards != null) {
        try (ShardReader testReader = new ShardReader(conf, rejectsDir + "/test", slot)) {
          testReader.read(new ExampleInputFormat(), ShardPlan.splits(testShards), ExampleBlocks::of, b -> {
            for (int i = 0; i < b.count(); i++) test.add(b.label(i), b.indices(), b.values(), b.from(i), b.to(i));
          });
        }
      }
      passes = new InMemorySgdPasses(train, test, seed, 1, kernels);
      return reader.badRecords();
    }
  }

  private record ExampleBlocks(ExampleBlock b) implements ShardReader.Block {
    static ShardReader.Block of(ExampleBlock b) { return new ExampleBlocks(b); }
    @Override public String error() { return b.error(); }
    @Override public String file() { return b.file(); }
    @Override public String position() { return b.position(); }
    @Override public String raw() { return b.raw(); }
  }
}
