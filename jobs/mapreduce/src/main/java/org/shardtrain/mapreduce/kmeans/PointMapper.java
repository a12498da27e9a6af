package org.shardtrain.mapreduce.kmeans;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.Mapper;
import org.shardtrain.core.kmeans.DistanceMeasure;
import org.shardtrain.mapreduce.io.BadRecords;
import org.shardtrain.mapreduce.io.PartialWritable;
import org.shardtrain.mapreduce.io.PointWritable;
import org.shardtrain.mapreduce.io.ShardtrainCounter;

/**
 * Base of every k-means pass's mapper: checks each record (parse error, dimension, direction under cosine),
 * prepares it into a reused buffer, hands it to {@link #accept}, and emits the pass's statistics once, at
 * cleanup. Statistics stay in the task's memory; only k (or candidate-count) partials leave it.
 */
public abstract class PointMapper extends Mapper<LongWritable, PointWritable, IntWritable, PartialWritable> {
  protected int dimension;
  protected DistanceMeasure measure;
  private double[] prepared;
  private BadRecords badRecords;
  private org.apache.hadoop.mapreduce.Counter records;

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    Configuration conf = context.getConfiguration();
    dimension = KMeansJobConf.dimension(conf);
    measure = KMeansJobConf.measure(conf);
    prepared = new double[dimension];
    badRecords = new BadRecords(context);
    records = context.getCounter(ShardtrainCounter.RECORDS);
    setupPass(conf);
  }

  /** Reads what the pass needs (centres, candidates) from the job configuration. */
  protected abstract void setupPass(Configuration conf) throws IOException;

  /** Adds one valid, prepared point to the pass's statistics. */
  protected abstract void accept(double[] point);

  /** Writes the statistics as partials. */
  protected abstract void emit(Context context) throws IOException, InterruptedException;

  @Override
  protected void map(LongWritable key, PointWritable value, Context context) throws IOException, InterruptedException {
    String reason = value.error();
    if (reason == null) {
      int n = value.vector().size();
      if (n != dimension) {
        reason = "expected " + dimension + " values, found " + n;
      } else {
        reason = measure.prepare(value.vector().values(), dimension, prepared);
      }
    }
    if (reason != null) {
      badRecords.handle(value.file(), value.position(), reason, value.raw());
      return;
    }
    records.increment(1);
    accept(prepared);
  }

  @Override
  public void run(Context context) throws IOException, InterruptedException {
    BadRecords.reportFailures(context, () -> super.run(context));
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    emit(context);
    badRecords.close();
  }
}
