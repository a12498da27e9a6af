package org.shardtrain.mapreduce.kmeans;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.shardtrain.core.kmeans.Assigner;
import org.shardtrain.core.kmeans.CandidateWeights;
import org.shardtrain.core.kmeans.KMeansModel;
import org.shardtrain.host.engine.KMeansJobConf;

/** Last k-means|| pass: how many points are nearest to each candidate. */
public final class WeightMapper extends PointMapper {
  private Assigner candidates;
  private CandidateWeights weights;

  @Override
  protected void setupPass(Configuration conf) throws IOException {
    KMeansModel c = KMeansJobConf.centres(conf);
    candidates = new Assigner(c);
    weights = new CandidateWeights(c.k());
  }

  @Override
  protected void accept(double[] point) {
    weights.add(candidates.assign(point), candidates.lastDistance());
  }

  @Override
  protected void emit(Context context) throws IOException, InterruptedException {
    KMeansPartials.emitWeights(weights, KMeansPartials.sink(context));
  }
}
