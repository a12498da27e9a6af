package org.shardtrain.mapreduce.sgd;

import java.io.IOException;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.shardtrain.core.sgd.LinearModel;
import org.shardtrain.core.sgd.Loss;
import org.shardtrain.formats.input.BadRecords;
import org.shardtrain.formats.input.ExampleBlock;

/** Scores each example: {@code label TAB score} (plus {@code TAB P(y=1)} for logistic), in input order. */
public final class PredictMapper extends Mapper<LongWritable, ExampleBlock, NullWritable, Text> {
  private LinearModel model;
  private BadRecords badRecords;
  private final Text line = new Text();
  private final StringBuilder sb = new StringBuilder();

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    org.shardtrain.mapreduce.program.PredictOrder.record(context);
    model = SgdJobConf.model(context.getConfiguration());
    badRecords = new BadRecords(context);
  }

  @Override
  protected void map(LongWritable key, ExampleBlock block, Context context) throws IOException, InterruptedException {
    if (block.error() != null) {
      badRecords.handle(block.file(), block.position(), block.error(), block.raw());
      return;
    }
    for (int i = 0; i < block.count(); i++) {
      if (model.classes() != null) {
        line.set(multinomial(block.label(i), block.indices(), block.values(), block.from(i), block.to(i)));
        context.write(NullWritable.get(), line);
        continue;
      }
      double m = model.margin(block.indices(), block.values(), block.from(i), block.to(i));
      sb.setLength(0);
      sb.append(block.label(i)).append('\t').append(m);
      if (model.loss() == Loss.LOGISTIC) sb.append('\t').append(Loss.sigmoid(m));
      line.set(sb.toString());
      context.write(NullWritable.get(), line);
    }
  }

  /** label, the most probable class, then P(class) for each of the model's classes in its order. */
  private String multinomial(double label, int[] idx, double[] val, int from, int to) {
    double[] p = new double[model.classes().count()];
    int best = model.classProbabilities(idx, val, from, to, p);
    sb.setLength(0);
    sb.append(label).append('\t').append(model.classes().labels()[best]);
    for (double q : p) sb.append('\t').append(q);
    return sb.toString();
  }

  @Override
  public void run(Context context) throws IOException, InterruptedException {
    BadRecords.reportFailures(context, () -> super.run(context));
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    badRecords.close();
  }
}
