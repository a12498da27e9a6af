package org.shardtrain.mapreduce.als;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;
import org.shardtrain.core.als.InitialFactors;
import org.shardtrain.formats.AlsValue;

/**
 * The join of one ID's factor with its ratings: the factor arrives first (secondary sort), then each rating
 * (other ID, r) leaves as (other ID, (factor, r)), routed to the solve of the other ID. Holds one factor at a
 * time — no task holds a factor matrix. Since issue 22 it serves evaluation only (half-steps are broadcast or
 * blocked jobs, whose solves write the Gram YᵀY implicit feedback needs).
 *
 * <p>An ID without a factor gets its {@link InitialFactors} (iteration 1), fails, or — in evaluation —
 * leaves its ratings as "cold" pairs with an empty vector, per {@link AlsJobConf.Missing}.
 */
public final class JoinReducer extends Reducer<AlsKey, AlsValue, Text, AlsValue> {
  private int k;
  private long seed;
  private AlsJobConf.Missing missing;
  private final AlsValue pair = new AlsValue();
  private double[] factor;

  @Override
  protected void setup(Context context) {
    Configuration conf = context.getConfiguration();
    k = AlsJobConf.rank(conf);
    seed = AlsJobConf.seed(conf);
    missing = AlsJobConf.missing(conf);
    factor = new double[k];
  }

  @Override
  protected void reduce(AlsKey key, Iterable<AlsValue> values, Context context) throws IOException, InterruptedException {
    boolean haveFactor = false;
    boolean first = true;
    for (AlsValue v : values) {
      if (first) {
        first = false;
        if (v.kind() == AlsValue.FACTOR) {
          if (v.size() != k) throw new IllegalStateException("factor of " + key.id() + " has " + v.size() + " values, rank is " + k);
          System.arraycopy(v.vector(), 0, factor, 0, k);
          haveFactor = true;
          continue;
        }
        switch (missing) {
          case INITIAL -> {
            System.arraycopy(InitialFactors.of(seed, key.id().toString(), k), 0, factor, 0, k);
            haveFactor = true;
          }
          case COLD -> haveFactor = false;
          case FAIL -> throw new IllegalStateException("no factor for " + key.id());
        }
      }
      if (v.kind() == AlsValue.FACTOR) continue; // a factor with no ratings after it
      if (haveFactor) pair.pair(factor, k, v.rating());
      else pair.pair(factor, 0, v.rating());
      context.write(v.other(), pair);
    }
  }

  @Override
  public void run(Context context) throws IOException, InterruptedException {
    org.shardtrain.formats.input.BadRecords.reportFailures(context, () -> super.run(context));
  }
}
