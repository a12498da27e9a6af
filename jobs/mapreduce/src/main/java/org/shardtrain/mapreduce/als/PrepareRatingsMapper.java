package org.shardtrain.mapreduce.als;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.output.MultipleOutputs;
import org.shardtrain.core.als.InitialFactors;
import org.shardtrain.core.param.Param;
import org.shardtrain.formats.AlsValue;
import org.shardtrain.formats.input.BadRecords;
import org.shardtrain.formats.input.RatingInputFormat;
import org.shardtrain.formats.input.ShardtrainCounter;
import org.shardtrain.mapreduce.io.PartialWritable;

/**
 * Reads ratings once per run (Avro or text, through {@link RatingInputFormat}): checks each record (bad records named or set aside), and writes the
 * training and held-out ratings as compact SequenceFiles keyed by user, which every iteration then reads.
 * Emits (count, Σr) of the training ratings for the cold-start mean.
 */
public final class PrepareRatingsMapper extends Mapper<LongWritable, RatingInputFormat.Record, Text, AlsValue> {
  public static final String TRAIN = "train";
  public static final String TEST = "test";
  public static final String STATS = "stats";
  static final Param<Boolean> ALL_TEST = Param.flag("internal-als-all-test", "shardtrain.internal.als.all-test")
      .describe("every rating read is a test rating (a separate test input)").build();

  private BadRecords badRecords;
  private MultipleOutputs<Text, AlsValue> outputs;
  private long seed;
  private double fraction;
  private boolean allTest;
  private long count;
  private double sum;
  private final Text user = new Text();
  private final AlsValue value = new AlsValue();

  public static void setAllTest(Configuration conf, boolean allTest) { ALL_TEST.write(conf::set, allTest); }

  @Override
  protected void setup(Context context) {
    Configuration conf = context.getConfiguration();
    badRecords = new BadRecords(context);
    outputs = new MultipleOutputs<>(context);
    seed = AlsJobConf.seed(conf);
    fraction = org.shardtrain.core.als.AlsParams.TEST_FRACTION.read(conf::get);
    allTest = ALL_TEST.read(conf::get);
  }

  @Override
  protected void map(LongWritable n, RatingInputFormat.Record r, Context context) throws IOException, InterruptedException {
    if (r.error() != null) {
      badRecords.handle(r.file(), r.position(), r.error(), r.raw());
      return;
    }
    boolean test = allTest || InitialFactors.isTest(seed, fraction, r.user(), r.item());
    user.set(r.user());
    outputs.write(test ? TEST : TRAIN, user, value.rating(r.item(), r.rating()));
    if (!test) {
      count++;
      sum += r.rating();
    }
    context.getCounter(ShardtrainCounter.RECORDS).increment(1);
  }

  @Override
  public void run(Context context) throws IOException, InterruptedException {
    BadRecords.reportFailures(context, () -> super.run(context));
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  protected void cleanup(Context context) throws IOException, InterruptedException {
    ((MultipleOutputs) outputs).write(STATS, new IntWritable(0), new PartialWritable(count, sum, new double[0], 0));
    outputs.close();
    badRecords.close();
  }
}
