package org.shardtrain.mapreduce.kmeans;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Mapper;
import org.shardtrain.core.kmeans.DistanceMeasure;
import org.shardtrain.formats.input.BadRecords;
import org.shardtrain.formats.input.PointBlock;
import org.shardtrain.formats.input.ShardtrainCounter;
import org.shardtrain.host.engine.KMeansJobConf;
import org.shardtrain.mapreduce.io.PartialWritable;
import org.shardtrain.mapreduce.io.SlotKey;

/**
 * Base of every k-means pass's mapper: takes blocks of checked points from the input format, prepares each
 * point into a reused buffer (unit length under cosine, where a zero vector is a bad record), hands it to
 * {@link #accept}, and emits the pass's statistics once, at cleanup. Statistics stay in the task's memory;
 * only k (or candidate-count) partials leave it.
 */
public abstract class PointMapper extends Mapper<LongWritable, PointBlock, SlotKey, PartialWritable> {
  protected int dimension;
  protected DistanceMeasure measure;
  private double[] point;
  private double[] prepared;
  private BadRecords badRecords;
  private Counter records;

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    Configuration conf = context.getConfiguration();
    dimension = KMeansJobConf.dimension(conf);
    measure = KMeansJobConf.measure(conf);
    point = new double[dimension];
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
  protected void map(LongWritable key, PointBlock block, Context context) throws IOException, InterruptedException {
    if (block.error() != null) {
      badRecords.handle(block.file(), block.position(), block.error(), block.raw());
      return;
    }
    double[] values = block.values();
    for (int i = 0, off = 0; i < block.count(); i++, off += dimension) {
      System.arraycopy(values, off, point, 0, dimension);
      String reason = measure.prepare(point, dimension, prepared);
      if (reason != null) throw new IllegalStateException("the input format let through a point that " + reason);
      accept(prepared);
    }
    records.increment(block.count());
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
