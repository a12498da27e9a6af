package org.shardtrain.mapreduce.kmeans;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.shardtrain.core.kmeans.Assigner;
import org.shardtrain.core.kmeans.KMeansModel;
import org.shardtrain.core.kmeans.KMeansStats;

/**
 * A Lloyd iteration's mapper: assigns each point to its nearest centre and adds it to per-centre partial
 * sums held in memory; emits k partials (and the far points) at cleanup, so the shuffle carries k records
 * per task instead of one per point.
 */
public final class KMeansMapper extends PointMapper {
  private Assigner assigner;
  private KMeansStats stats;

  @Override
  protected void setupPass(Configuration conf) throws IOException {
    KMeansModel model = KMeansJobConf.centres(conf);
    if (model.dimension() != dimension) {
      throw new IllegalStateException("centres have dimension " + model.dimension() + ", input " + dimension);
    }
    assigner = new Assigner(model);
    stats = new KMeansStats(model.k(), dimension);
  }

  @Override
  protected void accept(double[] point) { stats.add(point, assigner); }

  @Override
  protected void emit(Context context) throws IOException, InterruptedException {
    KMeansPartials.emitLloyd(stats, KMeansPartials.sink(context));
  }
}
