package org.shardtrain.mapreduce.sgd;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Mapper;
import org.shardtrain.core.sgd.ExampleSampling;
import org.shardtrain.formats.input.BadRecords;
import org.shardtrain.formats.input.ExampleBlock;
import org.shardtrain.formats.input.ShardtrainCounter;
import org.shardtrain.mapreduce.io.PartialWritable;
import org.shardtrain.mapreduce.io.SlotKey;
import org.shardtrain.mapreduce.io.VectorSlices;
import org.shardtrain.mapreduce.kmeans.KMeansPartials;

/**
 * Base of every SGD pass's mapper: applies the bad-record policy, keeps the examples of the pass's role
 * (training part, held-out part, or all), hands each to {@link #accept}, and emits the pass's statistics
 * once, at cleanup, as one summed vector cut into slices ({@link VectorSlices}: one slot each, so the
 * reducers each sum a range of coordinates), keyed by this task so they are added in task order.
 */
public abstract class ExampleMapper extends Mapper<LongWritable, ExampleBlock, SlotKey, PartialWritable> {
  private SgdJobConf.Role role;
  private long seed;
  private double testFraction;
  private BadRecords badRecords;
  private Counter records;

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    Configuration conf = context.getConfiguration();
    role = SgdJobConf.role(conf);
    seed = SgdJobConf.seed(conf);
    testFraction = SgdJobConf.testFraction(conf);
    badRecords = new BadRecords(context);
    records = context.getCounter(ShardtrainCounter.RECORDS);
    setupPass(conf);
  }

  protected abstract void setupPass(Configuration conf) throws IOException;

  protected abstract void accept(double label, int[] idx, double[] val, int from, int to);

  /** The pass's statistics as one vector (summed over tasks by the combiner and reducer). */
  protected abstract double[] statistics();

  @Override
  protected void map(LongWritable key, ExampleBlock block, Context context) throws IOException, InterruptedException {
    if (block.error() != null) {
      badRecords.handle(block.file(), block.position(), block.error(), block.raw());
      return;
    }
    int[] idx = block.indices();
    double[] val = block.values();
    long accepted = 0;
    for (int i = 0; i < block.count(); i++) {
      if (role != SgdJobConf.Role.ALL) {
        boolean test = ExampleSampling.isTest(seed, testFraction, block.label(i), idx, val, block.from(i), block.to(i));
        if (test != (role == SgdJobConf.Role.TEST)) continue;
      }
      accept(block.label(i), idx, val, block.from(i), block.to(i));
      accepted++;
    }
    records.increment(accepted);
  }

  @Override
  public void run(Context context) throws IOException, InterruptedException {
    BadRecords.reportFailures(context, () -> super.run(context));
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    SlotKey key = new SlotKey();
    PartialWritable value = new PartialWritable();
    int task = KMeansPartials.task(context);
    VectorSlices.of(context.getConfiguration()).emit(statistics(), (slot, v, from, length) -> {
      key.set(slot, task);
      value.set(0, 0, v, from, length);
      context.write(key, value);
    });
    badRecords.close();
  }
}
