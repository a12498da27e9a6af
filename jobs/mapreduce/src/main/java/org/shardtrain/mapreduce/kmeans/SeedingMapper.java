package org.shardtrain.mapreduce.kmeans;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.shardtrain.core.kmeans.Assigner;
import org.shardtrain.core.kmeans.SeedingRound;
import org.shardtrain.host.engine.KMeansJobConf;

/** A k-means|| round: the cost against the current candidates and the points that may be chosen. */
public final class SeedingMapper extends PointMapper {
  private Assigner candidates;
  private SeedingRound round;

  @Override
  protected void setupPass(Configuration conf) throws IOException {
    candidates = new Assigner(KMeansJobConf.centres(conf));
    round = new SeedingRound(dimension, KMeansJobConf.seed(conf), KMeansJobConf.round(conf),
        KMeansJobConf.oversampling(conf));
  }

  @Override
  protected void accept(double[] point) {
    candidates.assign(point);
    round.add(point, candidates.lastDistance());
  }

  @Override
  protected void emit(Context context) throws IOException, InterruptedException {
    KMeansPartials.emitSeeding(round, KMeansPartials.sink(context));
  }
}
