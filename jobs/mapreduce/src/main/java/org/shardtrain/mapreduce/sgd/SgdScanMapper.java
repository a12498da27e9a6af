package org.shardtrain.mapreduce.sgd;

import org.apache.hadoop.conf.Configuration;
import org.shardtrain.core.sgd.FeatureStats;

/** First pass: counts the training examples and sums features and labels; sets bad records aside. */
public final class SgdScanMapper extends ExampleMapper {
  private final FeatureStats stats = new FeatureStats();

  @Override protected void setupPass(Configuration conf) {}

  @Override
  protected void accept(double label, int[] idx, double[] val, int from, int to) {
    stats.add(label, idx, val, from, to);
  }

  @Override protected double[] statistics() { return stats.trimmed().flat(); }
}
