package org.shardtrain.yarn.worker;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.shardtrain.core.kernel.DenseKernels;
import org.shardtrain.core.param.ParamSet;
import org.shardtrain.core.sgd.ExampleSampling;
import org.shardtrain.core.sgd.InMemorySgdPasses;
import org.shardtrain.core.sgd.LinearModel;
import org.shardtrain.core.sgd.SgdParams;
import org.shardtrain.core.sgd.SgdState;
import org.shardtrain.core.sgd.SparseExamples;
import org.shardtrain.formats.SgdCodec;
import org.shardtrain.formats.input.ExampleBlock;
import org.shardtrain.formats.input.ExampleInputFormat;
import org.shardtrain.yarn.am.ShardPlan;
import org.shardtrain.yarn.rpc.AvroBytes;
import org.shardtrain.yarn.rpc.Bytes;

/**
 * A worker's SGD: its training examples and its share of the test examples as CSR arrays
 * ({@link SparseExamples}), and each pass run by the core's in-memory engine over them as one split.
 */
public final class SgdWorker implements WorkerTask {
  public static final String LOAD = "sgd.load";
  public static final String SCAN = "sgd.scan";
  public static final String GRADIENT = "sgd.gradient";
  public static final String LOCAL_EPOCH = "sgd.local-epoch";
  public static final String EVALUATE = "sgd.evaluate";
  public static final int TRAIN = 0;
  public static final int TEST = 1;

  private final Configuration conf;
  private final int slot;
  private final SgdParams params;
  private final DenseKernels kernels;
  private SparseExamples train = new SparseExamples();
  private SparseExamples test = new SparseExamples();
  private InMemorySgdPasses passes;

  SgdWorker(Configuration conf, int slot, DenseKernels kernels) {
    this.conf = conf;
    this.slot = slot;
    this.kernels = kernels;
    this.params = SgdParams.from(new ParamSet(SgdParams.ALL).resolve(conf::get, java.util.Map.of()));
  }

  @Override public long records() { return (long) train.size() + test.size(); }

  @Override
  public byte[] run(String operation, byte[] arguments) throws Exception {
    Bytes.In in = Bytes.in(arguments);
    Bytes.Out out = Bytes.out();
    switch (operation) {
      case LOAD -> {
        String rejects = in.s();
        List<ShardPlan.Shard> mine = ShardPlan.decode(Bytes.in(in.bytes()), slot);
        byte[] testPlan = in.bytes();
        out.l(load(rejects, mine, testPlan.length == 0 ? null : ShardPlan.decode(Bytes.in(testPlan), slot)));
      }
      case SCAN -> out.doubles(passes.scan().flat());
      case GRADIENT -> {
        SgdState state = state(in.bytes());
        out.doubles(passes.gradient(state, params.loss(), in.l(), in.d()).flat());
      }
      case LOCAL_EPOCH -> out.doubles(passes.localEpoch(state(in.bytes()), params));
      case EVALUATE -> {
        LinearModel model = SgdCodec.fromAvro(AvroBytes.decode(in.bytes(), org.shardtrain.formats.avro.LinearModel.class));
        out.doubles((in.i() == TRAIN ? passes.evaluateTraining(model) : passes.evaluate(model)).flat());
      }
      default -> throw new IllegalArgumentException("unknown operation " + operation);
    }
    return out.toBytes();
  }

  private static SgdState state(byte[] bytes) {
    return SgdCodec.fromAvro(AvroBytes.decode(bytes, org.shardtrain.formats.avro.SgdState.class));
  }

  /** Reads the shards once; the held-out fraction (or a separate test input) becomes the test set. */
  private long load(String rejectsDir, List<ShardPlan.Shard> trainShards, List<ShardPlan.Shard> testShards)
      throws Exception {
    long seed = params.seed();
    double fraction = testShards == null ? params.testFraction() : 0;
    try (ShardReader reader = new ShardReader(conf, rejectsDir, slot)) {
      reader.read(new ExampleInputFormat(), trainShards, ExampleBlocks::of, b -> {
        for (int i = 0; i < b.count(); i++) {
          boolean isTest = fraction > 0
              && ExampleSampling.isTest(seed, fraction, b.label(i), b.indices(), b.values(), b.from(i), b.to(i));
          (isTest ? test : train).add(b.label(i), b.indices(), b.values(), b.from(i), b.to(i));
        }
      });
      if (testShards != null) {
        try (ShardReader testReader = new ShardReader(conf, rejectsDir + "/test", slot)) {
          testReader.read(new ExampleInputFormat(), testShards, ExampleBlocks::of, b -> {
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
