package org.shardtrain.yarn.am;

import java.util.List;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.kmeans.BottomKSample;
import org.shardtrain.core.kmeans.CandidateWeights;
import org.shardtrain.core.kmeans.DistanceMeasure;
import org.shardtrain.core.kmeans.KMeansModel;
import org.shardtrain.core.kmeans.KMeansStats;
import org.shardtrain.core.kmeans.SeedingRound;
import org.shardtrain.formats.stats.KMeansPartials;
import org.shardtrain.host.engine.KMeansEngine;
import org.shardtrain.yarn.rpc.Bytes;
import org.shardtrain.yarn.rpc.Partials;
import org.shardtrain.yarn.worker.KMeansWorker;

/** k-means passes on the workers: the points are read once, at construction, and stay in their memory. */
final class YarnKMeansPasses implements KMeansEngine {
  private final Coordinator workers;
  private final int dimension;
  private final long seed;
  private final long badRecords;

  YarnKMeansPasses(Coordinator workers, ShardPlan plan, Path rejectsDir, int dimension, DistanceMeasure measure,
                   long seed) throws Exception {
    this.workers = workers;
    this.dimension = dimension;
    this.seed = seed;
    long bad = 0;
    for (byte[] r : workers.setup(KMeansWorker.LOAD, Bytes.out().i(dimension).s(rejectsDir.toString())
        .bytes(plan.encode()).toBytes())) {
      bad += Bytes.in(r).l();
    }
    this.badRecords = bad;
  }

  @Override
  public BottomKSample scan(int sampleSize) throws Exception {
    BottomKSample total = new BottomKSample(sampleSize, dimension, seed);
    merge(workers.call(KMeansWorker.SCAN, Bytes.out().i(sampleSize).toBytes()), (k, v) -> KMeansPartials.addScan(total, k, v));
    return total;
  }

  @Override
  public SeedingRound seedingRound(double[] candidates, int round, double oversampling) throws Exception {
    SeedingRound total = new SeedingRound(dimension, seed, round, oversampling);
    merge(workers.call(KMeansWorker.SEEDING, Bytes.out().doubles(candidates).i(round).d(oversampling).toBytes()),
        (k, v) -> KMeansPartials.addSeeding(total, k, v));
    return total;
  }

  @Override
  public CandidateWeights weigh(double[] candidates) throws Exception {
    CandidateWeights total = new CandidateWeights(candidates.length / dimension);
    merge(workers.call(KMeansWorker.WEIGH, Bytes.out().doubles(candidates).toBytes()),
        (k, v) -> KMeansPartials.addWeights(total, k, v));
    return total;
  }

  @Override
  public KMeansStats lloyd(KMeansModel model) throws Exception {
    KMeansStats total = new KMeansStats(model.k(), dimension);
    merge(workers.call(KMeansWorker.LLOYD, Bytes.out().doubles(model.centres()).toBytes()),
        (k, v) -> KMeansPartials.addLloyd(total, k, v));
    return total;
  }

  @Override
  public KMeansStats evaluate(KMeansModel model) throws Exception { return lloyd(model); }

  @Override public boolean scanned() { return true; }

  @Override public long badRecords() { return badRecords; }

  private static void merge(List<byte[]> results, Partials.Consumer consumer) {
    for (byte[] r : results) Partials.forEach(r, consumer);
  }
}
