package org.shardtrain.yarn.worker;

import org.apache.hadoop.conf.Configuration;
import org.shardtrain.core.kernel.DenseKernels;
import org.shardtrain.core.kmeans.DistanceMeasure;
import org.shardtrain.core.kmeans.KMeansModel;
import org.shardtrain.core.kmeans.PointShard;
import org.shardtrain.formats.input.PointBlock;
import org.shardtrain.formats.input.PointInputFormat;
import org.shardtrain.formats.stats.KMeansPartials;
import org.shardtrain.host.engine.KMeansJobConf;
import org.shardtrain.yarn.am.ShardPlan;
import org.shardtrain.yarn.rpc.Bytes;
import org.shardtrain.yarn.rpc.Partials;

/** A worker's k-means: its points, prepared once, in a {@link PointShard}; each pass answers with partials. */
public final class KMeansWorker implements WorkerTask {
  public static final String LOAD = "kmeans.load";
  public static final String SCAN = "kmeans.scan";
  public static final String SEEDING = "kmeans.seeding";
  public static final String WEIGH = "kmeans.weigh";
  public static final String LLOYD = "kmeans.lloyd";

  private final Configuration conf;
  private final int slot;
  private final DenseKernels kernels;
  private PointShard shard;
  private DistanceMeasure measure;
  private int d;

  KMeansWorker(Configuration conf, int slot, DenseKernels kernels) {
    this.conf = conf;
    this.slot = slot;
    this.kernels = kernels;
  }

  @Override public long records() { return shard == null ? 0 : shard.size(); }

  @Override
  public byte[] run(String operation, byte[] arguments) throws Exception {
    Bytes.In in = Bytes.in(arguments);
    Bytes.Out out = Bytes.out();
    switch (operation) {
      case LOAD -> out.l(load(in.i(), in.s(), ShardPlan.decode(Bytes.in(in.bytes()), slot)));
      case SCAN -> KMeansPartials.emitScan(shard.scan(in.i()), Partials.sink(out));
      case SEEDING -> KMeansPartials.emitSeeding(shard.seedingRound(in.doubles(), in.i(), in.d()), Partials.sink(out));
      case WEIGH -> KMeansPartials.emitWeights(shard.weigh(in.doubles()), Partials.sink(out));
      case LLOYD -> {
        double[] centres = in.doubles();
        KMeansPartials.emitLloyd(shard.lloyd(new KMeansModel(centres.length / d, d, measure, centres), kernels), Partials.sink(out));
      }
      default -> throw new IllegalArgumentException("unknown operation " + operation);
    }
    return out.toBytes();
  }

  /** Reads the shards once; returns the number of bad records set aside. */
  private long load(int dimension, String rejectsDir, java.util.List<ShardPlan.Shard> shards) throws Exception {
    this.d = dimension;
    KMeansJobConf.setDimension(conf, dimension);
    this.measure = KMeansJobConf.measure(conf);
    this.shard = new PointShard(dimension, measure, KMeansJobConf.seed(conf));
    try (ShardReader reader = new ShardReader(conf, rejectsDir, slot)) {
      // The input format has checked every point (zero vectors under cosine are bad records there).
      reader.read(new PointInputFormat(), shards, PointBlocks::of, block -> shard.addRaw(block.values(), block.count()));
      return reader.badRecords();
    }
  }

  /** A point block's bad-record view. */
  private record PointBlocks(PointBlock b) implements ShardReader.Block {
    static ShardReader.Block of(PointBlock b) { return new PointBlocks(b); }
    @Override public String error() { return b.error(); }
    @Override public String file() { return b.file(); }
    @Override public String position() { return b.position(); }
    @Override public String raw() { return b.raw(); }
  }
}
