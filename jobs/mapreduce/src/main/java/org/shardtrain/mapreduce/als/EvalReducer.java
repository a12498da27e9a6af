package org.shardtrain.mapreduce.als;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.mapreduce.Reducer;
import org.shardtrain.core.als.AlsParams;
import org.shardtrain.core.als.RatingErrors;
import org.shardtrain.core.param.Param;
import org.shardtrain.formats.AlsValue;
import org.shardtrain.mapreduce.io.PartialWritable;

/**
 * The second join of evaluation: an item's factor (or none: a cold item), then the test pairs (user
 * factor — empty for a cold user — and rating), added to the core's {@link RatingErrors}, emitted once.
 */
public final class EvalReducer extends Reducer<AlsKey, AlsValue, IntWritable, PartialWritable> {
  static final Param<Double> MEAN = Param.doubleParam("internal-als-training-mean", "shardtrain.internal.als.training-mean")
      .defaultsTo(0.0).describe("the training ratings' mean (cold-start fill)").build();

  private int k;
  private double[] factor;
  private RatingErrors errors;

  @Override
  protected void setup(Context context) {
    Configuration conf = context.getConfiguration();
    k = AlsJobConf.rank(conf);
    errors = new RatingErrors(AlsParams.COLD_START.read(conf::get), MEAN.read(conf::get));
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
      errors.add(v.size() == k ? v.vector() : null, haveFactor ? factor : null, k, v.rating());
    }
  }

  @Override
  public void run(Context context) throws IOException, InterruptedException {
    org.shardtrain.formats.input.BadRecords.reportFailures(context, () -> super.run(context));
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    double[] flat = errors.flat();
    context.write(new IntWritable(0), new PartialWritable(0, 0, flat, flat.length));
  }
}
