package org.shardtrain.yarn.worker;

import org.apache.avro.specific.SpecificRecord;
import org.apache.hadoop.conf.Configuration;
import org.shardtrain.core.kernel.DenseKernels;
import org.shardtrain.core.kmeans.DistanceMeasure;
import org.shardtrain.core.kmeans.KMeansModel;
import org.shardtrain.core.kmeans.PointShard;
import org.shardtrain.formats.input.PointBlock;
import org.shardtrain.formats.input.PointInputFormat;
import org.shardtrain.formats.input.ShardReader;
import org.shardtrain.host.engine.KMeansJobConf;
import org.shardtrain.yarn.am.ShardPlan;
import org.shardtrain.core.kmeans.KMeansStats;
import org.shardtrain.core.kmeans.KMeansUpdate;
import org.shardtrain.yarn.rpc.ModelDigest;
import org.shardtrain.yarn.collective.KMeansStatsVector;
import org.shardtrain.yarn.collective.TreeSchedule;
import org.shardtrain.yarn.protocol.KMeansLloyd;
import org.shardtrain.yarn.protocol.KMeansLloydStats;
import org.shardtrain.yarn.protocol.KMeansLoad;
import org.shardtrain.yarn.protocol.KMeansScan;
import org.shardtrain.yarn.protocol.KMeansSeeding;
import org.shardtrain.yarn.protocol.KMeansWeigh;
import org.shardtrain.yarn.protocol.ShardsLoaded;
import org.shardtrain.yarn.rpc.PackedDoubles;
import org.shardtrain.yarn.rpc.KMeansStatsCodec;

/** A worker's k-means: its points, prepared once, in a {@link PointShard}; each pass answers with its statistics. */
public final class KMeansWorker implements WorkerTask {
  private final Configuration conf;
  private final int slot;
  private final DenseKernels kernels;
  private PointShard shard;
  private DistanceMeasure measure;
  private int d;

  private final Collectives collectives;
  /** The model the last collective Lloyd pass's total makes (KMeansUpdate), held for the next pass; else null. */
  private KMeansModel held;

  KMeansWorker(Configuration conf, int slot, DenseKernels kernels, Collectives collectives) {
    this.conf = conf;
    this.slot = slot;
    this.kernels = kernels;
    this.collectives = collectives;
  }

  @Override public long records() { return shard == null ? 0 : shard.size(); }

  @Override
  public SpecificRecord run(SpecificRecord operation) throws Exception {
    if (operation instanceof KMeansLoad c) {
      return new ShardsLoaded(load(c.getDimension(), c.getRejects(), ShardPlan.shardsOf(c.getTrain(), slot)));
    }
    if (operation instanceof KMeansScan c) return KMeansStatsCodec.of(shard.scan(c.getSampleSize()));
    if (operation instanceof KMeansSeeding c) {
      return KMeansStatsCodec.of(shard.seedingRound(candidates(c.getCandidates(), c.getMembers()), c.getRound(),
          c.getOversampling()));
    }
    if (operation instanceof KMeansWeigh c) {
      return KMeansStatsCodec.of(shard.weigh(candidates(c.getCandidates(), c.getMembers())));
    }
    if (operation instanceof KMeansLloyd c) {
      KMeansModel model = modelOf(c);
      int k = model.k();
      KMeansStats mine = shard.lloyd(model, kernels);
      held = null;
      if (c.getMembers() == null) return KMeansStatsCodec.of(mine);
      // Reduced among the workers on the tree (the farthest points merge as wholes); slot 0 answers with the total.
      double[] v = KMeansStatsVector.of(mine);
      collectives.allreduce(v, c.getMembers(), new TreeSchedule(), KMeansStatsVector.reduction(k, d));
      KMeansLloydStats total = KMeansStatsCodec.of(KMeansStatsVector.toStats(v, k, d));
      // Every member now holds the total, so each makes the next model as the AM will — from the total as the
      // AM decodes it (a fresh KMeansStats plus slot 0's record), so the bits are the AM's — and the AM's next
      // pass need not carry the centres to every worker.
      KMeansStats asTheAmSeesIt = new KMeansStats(k, d);
      KMeansStatsCodec.addTo(asTheAmSeesIt, total);
      held = KMeansUpdate.update(model, asTheAmSeesIt).model();
      return slot == 0 ? total : new KMeansLloydStats(java.util.List.of(), java.util.List.of());
    }
    throw WorkerTask.unknown(operation);
  }

  /** The model a Lloyd pass assigns with: the command's centres, or the one this member made and holds. */
  private KMeansModel modelOf(KMeansLloyd c) {
    if (c.getCentres() != null) {
      double[] centres = PackedDoubles.toArray(c.getCentres());
      return new KMeansModel(centres.length / d, d, measure, centres);
    }
    if (held == null || ModelDigest.of(held.centres()) != c.getModelDigest()) {
      throw new IllegalStateException("worker " + slot + ": the AM sent no centres, and this worker holds "
          + (held == null ? "none" : "other centres (digest " + ModelDigest.of(held.centres()) + ", not " + c.getModelDigest() + ")"));
    }
    return held;
  }

  /** Reads the shards once; returns the number of bad records set aside. */
  private long load(int dimension, String rejectsDir, java.util.List<ShardPlan.Shard> shards) throws Exception {
    prepare(dimension);
    try (ShardReader reader = new ShardReader(conf, rejectsDir, slot)) {
      // The input format has checked every point (zero vectors under cosine are bad records there).
      reader.read(new PointInputFormat(), ShardPlan.splits(shards), PointBlocks::of, block -> shard.addRaw(block.values(), block.count()));
      return reader.badRecords();
    }
  }

  private void prepare(int dimension) {
    this.d = dimension;
    KMeansJobConf.setDimension(conf, dimension);
    this.measure = KMeansJobConf.measure(conf);
    this.shard = new PointShard(dimension, measure, KMeansJobConf.seed(conf));
  }

  /**
   * Test seam ({@code CoordinationScaleTest}): holds {@code count} raw points of {@code dimension} (row-major), as
   * {@link KMeansLoad} would after reading its shards, without a file system. The passes are then the worker's own.
   */
  void loadPoints(int dimension, double[] raw, int count) {
    prepare(dimension);
    shard.addRaw(raw, count);
  }

  /** A point block's bad-record view. */
  private record PointBlocks(PointBlock b) implements ShardReader.Block {
    static ShardReader.Block of(PointBlock b) { return new PointBlocks(b); }
    @Override public String error() { return b.error(); }
    @Override public String file() { return b.file(); }
    @Override public String position() { return b.position(); }
    @Override public String raw() { return b.raw(); }
  }

  /** k-means||'s candidates: as sent, or — with members — slot 0's, broadcast among the workers. */
  private double[] candidates(java.nio.ByteBuffer sent, org.shardtrain.yarn.protocol.Members members)
      throws Collectives.CollectiveFailed {
    double[] x = sent == null ? null : PackedDoubles.toArray(sent);
    if (members != null) x = collectives.broadcast(slot == 0 ? x : null, members);
    if (x == null) throw new IllegalStateException("a k-means|| pass without its candidates");
    return x;
  }
}
