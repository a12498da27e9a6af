package org.shardtrain.mapreduce.kmeans;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.shardtrain.core.kmeans.BottomKSample;
import org.shardtrain.host.engine.KMeansJobConf;

/** First pass: counts valid points (and sets bad ones aside) and keeps the smallest-hash sample. */
public final class ScanMapper extends PointMapper {
  private BottomKSample sample;

  @Override
  protected void setupPass(Configuration conf) {
    sample = new BottomKSample(KMeansJobConf.sampleSize(conf), dimension, KMeansJobConf.seed(conf));
  }

  @Override
  protected void accept(double[] point) { sample.add(point); }

  @Override
  protected void emit(Context context) throws IOException, InterruptedException {
    KMeansPartials.emitScan(sample, KMeansPartials.sink(context));
  }
}
