package org.shardtrain.yarn.am;

import java.util.List;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.kmeans.BottomKSample;
import org.shardtrain.core.kmeans.CandidateWeights;
import org.shardtrain.core.kmeans.DistanceMeasure;
import org.shardtrain.core.kmeans.KMeansModel;
import org.shardtrain.core.kmeans.KMeansStats;
import org.shardtrain.core.kmeans.KMeansUpdate;
import org.shardtrain.yarn.rpc.ModelDigest;
import org.shardtrain.core.kmeans.SeedingRound;
import org.shardtrain.host.engine.KMeansEngine;
import org.shardtrain.yarn.protocol.KMeansLloyd;
import org.shardtrain.yarn.protocol.KMeansLloydStats;
import org.shardtrain.yarn.protocol.KMeansLoad;
import org.shardtrain.yarn.protocol.KMeansSampleStats;
import org.shardtrain.yarn.protocol.KMeansScan;
import org.shardtrain.yarn.protocol.KMeansSeeding;
import org.shardtrain.yarn.protocol.KMeansSeedingStats;
import org.shardtrain.yarn.protocol.KMeansWeigh;
import org.shardtrain.yarn.protocol.KMeansWeightStats;
import org.shardtrain.yarn.protocol.ShardsLoaded;
import org.shardtrain.yarn.rpc.PackedDoubles;
import org.shardtrain.yarn.rpc.KMeansStatsCodec;

/** k-means passes on the workers: the points are read once, at construction, and stay in their memory. */
final class YarnKMeansPasses implements KMeansEngine {
  private final Coordinator workers;
  private final int dimension;
  private final long seed;
  private final long badRecords;
  /** Collectives posted so far: with the epoch, what tells one allreduce's messages from another's. */
  private long collectives;

  YarnKMeansPasses(Coordinator workers, ShardPlan plan, Path rejectsDir, int dimension, DistanceMeasure measure,
                   long seed) throws Exception {
    this.workers = workers;
    this.dimension = dimension;
    this.seed = seed;
    long bad = 0;
    for (ShardsLoaded r : workers.setup(new KMeansLoad(dimension, rejectsDir.toString(), plan.message()),
        ShardsLoaded.class)) {
      bad += r.getBadRecords();
    }
    this.badRecords = bad;
  }

  /**
   * Test seam ({@code CoordinationScaleTest}): passes over workers that already hold their points (the test gives
   * them in-process, without {@link KMeansLoad} reading shards from a file system).
   */
  YarnKMeansPasses(Coordinator workers, int dimension, long seed) {
    this.workers = workers;
    this.dimension = dimension;
    this.seed = seed;
    this.badRecords = 0;
  }

  @Override
  public BottomKSample scan(int sampleSize) throws Exception {
    BottomKSample total = new BottomKSample(sampleSize, dimension, seed);
    for (KMeansSampleStats r : workers.call(new KMeansScan(sampleSize), KMeansSampleStats.class)) {
      KMeansStatsCodec.addTo(total, r);
    }
    return total;
  }

  @Override
  public SeedingRound seedingRound(double[] candidates, int round, double oversampling) throws Exception {
    SeedingRound total = new SeedingRound(dimension, seed, round, oversampling);
    java.nio.ByteBuffer sent = PackedDoubles.of(candidates);
    for (KMeansSeedingStats r : broadcasting(m -> new KMeansSeeding(m == null ? sent : null, round, oversampling, m),
        op -> KMeansSeeding.newBuilder((KMeansSeeding) op).setCandidates(sent).build(), KMeansSeedingStats.class)) {
      KMeansStatsCodec.addTo(total, r);
    }
    return total;
  }

  @Override
  public CandidateWeights weigh(double[] candidates) throws Exception {
    CandidateWeights total = new CandidateWeights(candidates.length / dimension);
    java.nio.ByteBuffer sent = PackedDoubles.of(candidates);
    for (KMeansWeightStats r : broadcasting(m -> new KMeansWeigh(m == null ? sent : null, m),
        op -> KMeansWeigh.newBuilder((KMeansWeigh) op).setCandidates(sent).build(), KMeansWeightStats.class)) {
      KMeansStatsCodec.addTo(total, r);
    }
    return total;
  }

  /**
   * A pass whose payload (the candidates) goes to slot 0 only, which broadcasts it among the workers, when every
   * worker has an endpoint ({@code build} gets the members); else to every worker ({@code build} gets null). The
   * answers still come from every worker: a round's sampled candidates are a union and its costs are few.
   */
  private <T extends org.apache.avro.specific.SpecificRecord> List<T> broadcasting(
      java.util.function.Function<org.shardtrain.yarn.protocol.Members, org.apache.avro.specific.SpecificRecord> build,
      java.util.function.UnaryOperator<org.apache.avro.specific.SpecificRecord> forSlot0, Class<T> type) throws Exception {
    if (workers.membership() == null) return workers.call(build.apply(null), type);
    return workers.callCollective(m -> build.apply(workers.memberTable().of(m, ++collectives)), forSlot0, type);
  }

  /**
   * What the members hold after a collective Lloyd pass: the next model, which each computed from the total as
   * this class does, and the membership epoch of that pass (a replacement since holds nothing).
   */
  private KMeansModel membersHold;
  private long heldEpoch = -1;

  @Override
  public KMeansStats lloyd(KMeansModel model) throws Exception {
    KMeansStats total = new KMeansStats(model.k(), dimension);
    java.nio.ByteBuffer centres = PackedDoubles.of(model.centres());
    long digest = ModelDigest.of(model.centres());
    boolean held = membersHold != null && java.util.Arrays.equals(membersHold.centres(), model.centres());
    // The workers reduce their statistics among themselves when every one has an endpoint; slot 0 answers with
    // the total, so the AM takes in one set of statistics, not W. The merge below then adds one non-empty part.
    // And the AM sends the centres only to members that do not hold them already: after a collective pass each
    // member made the next model from the total, so the model does not go out W times per pass either.
    List<KMeansLloydStats> parts;
    long[] epoch = {-1};
    if (workers.membership() == null) {
      parts = workers.call(new KMeansLloyd(centres, null, digest), KMeansLloydStats.class);
    } else {
      parts = workers.callCollective(m -> {
        epoch[0] = m.epoch();
        return new KMeansLloyd(held && m.epoch() == heldEpoch ? null : centres, workers.memberTable().of(m, ++collectives), digest);
      }, KMeansLloydStats.class);
    }
    long t = System.nanoTime();
    for (KMeansLloydStats r : parts) KMeansStatsCodec.addTo(total, r);
    workers.merged(System.nanoTime() - t);
    membersHold = epoch[0] < 0 ? null : KMeansUpdate.update(model, total).model();
    heldEpoch = epoch[0];
    return total;
  }

  @Override
  public KMeansStats evaluate(KMeansModel model) throws Exception { return lloyd(model); }

  @Override public boolean scanned() { return true; }

  @Override public long badRecords() { return badRecords; }
}
