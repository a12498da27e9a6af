package org.shardtrain.mapreduce.kmeans;

import java.io.IOException;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.shardtrain.core.kmeans.Assigner;
import org.shardtrain.core.kmeans.DistanceMeasure;
import org.shardtrain.core.kmeans.KMeansModel;
import org.shardtrain.formats.input.BadRecords;
import org.shardtrain.formats.input.PointBlock;
import org.shardtrain.host.engine.KMeansJobConf;

/**
 * Assigns each point to its cluster, as Spark's {@code KMeansModel.transform} does: {@code cluster TAB
 * distance TAB the point's values (comma-separated)} per line, in input order; the distance is the one the
 * model minimises (squared Euclidean, or 1 − cosine similarity).
 */
public final class KMeansPredictMapper extends Mapper<LongWritable, PointBlock, NullWritable, Text> {
  private int dimension;
  private DistanceMeasure measure;
  private Assigner assigner;
  private double[] point;
  private double[] prepared;
  private BadRecords badRecords;
  private final Text line = new Text();
  private final StringBuilder sb = new StringBuilder();

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    org.shardtrain.mapreduce.program.PredictOrder.record(context);
    KMeansModel model = KMeansJobConf.centres(context.getConfiguration());
    dimension = model.dimension();
    measure = model.measure();
    assigner = new Assigner(model);
    point = new double[dimension];
    prepared = new double[dimension];
    badRecords = new BadRecords(context);
  }

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
      int cluster = assigner.assign(prepared);
      sb.setLength(0);
      sb.append(cluster).append('\t').append(assigner.lastDistance()).append('\t');
      for (int j = 0; j < dimension; j++) {
        if (j > 0) sb.append(',');
        sb.append(point[j]);
      }
      line.set(sb.toString());
      context.write(NullWritable.get(), line);
    }
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
