package org.shardtrain.mapreduce.als;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.mapreduce.Reducer;
import org.shardtrain.core.als.AlsParams;
import org.shardtrain.mapreduce.io.PartialWritable;

/**
 * The second join of evaluation: an item's factor (or none: a cold item), then the test pairs (user
 * factor — empty for a cold user — and rating). Predicts x·y, or handles a cold rating per --cold-start;
 * emits, once, the vector [n, SSE, cold, cold dropped].
 */
public final class EvalReducer extends Reducer<AlsKey, AlsValue, IntWritable, PartialWritable> {
  static final String MEAN = "shardtrain.internal.als.training-mean";

  private int k;
  private boolean predictMean;
  private double mean;
  private double[] factor;
  private double n;
  private double sse;
  private double cold;
  private double dropped;

  @Override
  protected void setup(Context context) {
    Configuration conf = context.getConfiguration();
    k = AlsJobConf.rank(conf);
    predictMean = conf.get(AlsParams.COLD_START.key(), "drop").equalsIgnoreCase("mean");
    mean = conf.getDouble(MEAN, 0);
    factor = new double[k];
  }

  @Override
  protected void reduce(AlsKey key, Iterable<AlsValue> values, Context context) {
    boolean haveFactor = false;
    boolean first = true;
    for (AlsValue v : values) {
      if (first && v.kind() == AlsValue.FACTOR) {
        System.arraycopy(v.vector(), 0, factor, 0, k);
        haveFactor = true;
        first = false;
        continue;
      }
      first = false;
      if (v.kind() == AlsValue.FACTOR) continue;
      double prediction;
      if (haveFactor && v.size() == k) {
        prediction = 0;
        for (int j = 0; j < k; j++) prediction += factor[j] * v.vector()[j];
      } else {
        cold++;
        if (!predictMean) {
          dropped++;
          continue;
        }
        prediction = mean;
      }
      double e = v.rating() - prediction;
      sse += e * e;
      n++;
    }
  }

  @Override
  public void run(Context context) throws IOException, InterruptedException {
    org.shardtrain.mapreduce.io.BadRecords.reportFailures(context, () -> super.run(context));
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    context.write(new IntWritable(0), new PartialWritable(0, 0, new double[] {n, sse, cold, dropped}, 4));
  }
}
