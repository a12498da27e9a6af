package org.shardtrain.mapreduce.als;

import java.io.IOException;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.output.MultipleOutputs;
import org.shardtrain.core.als.InitialFactors;
import org.shardtrain.core.io.RatingParser;
import org.shardtrain.core.io.RecordFormat;
import org.shardtrain.core.io.RecordParseException;
import org.shardtrain.formats.NumberedLines;
import org.shardtrain.mapreduce.importer.NumberedLineInputFormat;
import org.shardtrain.mapreduce.io.BadRecords;
import org.shardtrain.mapreduce.io.PartialWritable;
import org.shardtrain.mapreduce.io.ShardtrainCounter;

/**
 * Reads ratings once per run: parses and checks each line (bad records named or set aside), and writes the
 * training and held-out ratings as compact SequenceFiles keyed by user, which every iteration then reads.
 * Emits (count, Σr) of the training ratings for the cold-start mean.
 */
public final class PrepareRatingsMapper extends Mapper<LongWritable, Text, Text, AlsValue> {
  public static final String TRAIN = "train";
  public static final String TEST = "test";
  public static final String STATS = "stats";
  static final String ALL_TEST = "shardtrain.internal.als.all-test";

  private RatingParser parser;
  private BadRecords badRecords;
  private MultipleOutputs<Text, AlsValue> outputs;
  private long seed;
  private double fraction;
  private boolean allTest;
  private String file;
  private long count;
  private double sum;
  private final Text user = new Text();
  private final AlsValue value = new AlsValue();

  public static void setAllTest(Configuration conf, boolean allTest) { conf.setBoolean(ALL_TEST, allTest); }

  @Override
  protected void setup(Context context) {
    Configuration conf = context.getConfiguration();
    parser = new RatingParser(RecordFormat.valueOf(conf.get("shardtrain.format", "tsv").toUpperCase(Locale.ROOT)));
    badRecords = new BadRecords(context);
    outputs = new MultipleOutputs<>(context);
    seed = AlsJobConf.seed(conf);
    fraction = conf.getDouble(org.shardtrain.core.als.AlsParams.TEST_FRACTION.key(), 0);
    allTest = conf.getBoolean(ALL_TEST, false);
    file = ((FileSplit) context.getInputSplit()).getPath().toString();
  }

  @Override
  protected void map(LongWritable line, Text text, Context context) throws IOException, InterruptedException {
    String s = text.toString();
    try {
      if (s.equals(NumberedLineInputFormat.TOO_LONG)) throw new RecordParseException("line longer than " + NumberedLines.MAX_LINE_BYTES + " bytes");
      parser.parse(s);
    } catch (RecordParseException e) {
      badRecords.handle(file, "line " + line.get(), e.getMessage(), s);
      return;
    }
    boolean test = allTest || InitialFactors.isTest(seed, fraction, parser.user(), parser.item());
    user.set(parser.user());
    outputs.write(test ? TEST : TRAIN, user, value.rating(parser.item(), parser.rating()));
    if (!test) {
      count++;
      sum += parser.rating();
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
