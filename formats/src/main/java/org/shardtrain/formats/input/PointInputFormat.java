package org.shardtrain.formats.input;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.shardtrain.core.io.RecordFormat;
import org.shardtrain.core.param.Param;
import org.shardtrain.core.param.RunParams;
import org.shardtrain.formats.DenseVector;
import org.shardtrain.formats.PointSource;
import org.shardtrain.formats.PointSources;

/**
 * Dense points from Avro container files or CSV/TSV files (split as {@link DataFileInputFormat} says),
 * delivered in {@link PointBlock}s. The reader checks every record (parse
 * errors, non-finite values, a dimension other than the expected one) and returns a bad record alone in
 * its block, with its location. Inputs are listed by {@link PointSources#listDataFiles}, like every engine.
 */
public final class PointInputFormat extends DataFileInputFormat<LongWritable, PointBlock> {
  /** The dimension every point must have (set by the engine for its tasks and workers). */
  static final Param<Integer> DIMENSION = Param.intParam("internal-point-dimension", "shardtrain.internal.point-dimension")
      .required().validate(d -> d >= 1, "at least 1").describe("the dimension every point must have").build();
  /** Set for cosine distance, where a zero vector has no direction. */
  static final Param<Boolean> REJECT_ZERO = Param.flag("internal-reject-zero-vectors", "shardtrain.internal.reject-zero-vectors")
      .describe("zero vectors are bad records (cosine distance)").build();
  /** About 256 KB of doubles per block: large enough to amortise per-record costs, small enough for cache. */
  static final int BLOCK_DOUBLES = 32 * 1024;

  public static RecordFormat format(Configuration conf) {
    return RunParams.FORMAT.read(conf::get);
  }

  /** The dimension every point must have, and whether zero vectors are bad records. */
  public static void setExpectedPoints(Configuration conf, int d, boolean rejectZero) {
    DIMENSION.write(conf::set, d);
    REJECT_ZERO.write(conf::set, rejectZero);
  }



  @Override
  public RecordReader<LongWritable, PointBlock> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return new Reader();
  }

  private static final class Reader extends RecordReader<LongWritable, PointBlock> {
    private PointSource source;
    private int dimension;
    private boolean rejectZero;
    private int capacity;
    private boolean pendingBad; // the source stands on a bad record that the next block must carry
    private boolean exhausted;
    private final LongWritable key = new LongWritable();
    private final PointBlock block = new PointBlock();

    @Override
    public void initialize(InputSplit split, TaskAttemptContext context) throws IOException {
      FileSplit fs = (FileSplit) split;
      Configuration conf = context.getConfiguration();
      dimension = DIMENSION.read(conf::get);
      rejectZero = REJECT_ZERO.read(conf::get);
      capacity = Math.max(1, BLOCK_DOUBLES / dimension);
      source = PointSources.open(conf, fs.getPath(), format(conf), fs.getStart(), fs.getLength());
      context.getCounter(ShardtrainCounter.INPUT_SPLITS).increment(1);
    }

    @Override
    public boolean nextKeyValue() throws IOException {
      if (pendingBad) {
        pendingBad = false;
        block.setBad(reasonOf(source), source.file(), source.position(), source.raw());
        key.set(key.get() + 1);
        return true;
      }
      if (exhausted) return false;
      block.reset(dimension, capacity);
      while (!block.isFull()) {
        if (!source.next()) {
          exhausted = true;
          break;
        }
        if (reasonOf(source) != null) {
          if (block.count() == 0) {
            block.setBad(reasonOf(source), source.file(), source.position(), source.raw());
            key.set(key.get() + 1);
            return true;
          }
          pendingBad = true;
          break;
        }
        block.add(source.vector().values());
      }
      if (block.count() == 0) return false;
      key.set(key.get() + 1);
      return true;
    }

    private String reasonOf(PointSource s) {
      if (s.error() != null) return s.error();
      DenseVector v = s.vector();
      if (v.size() != dimension) return "expected " + dimension + " values, found " + v.size();
      if (rejectZero) {
        double[] x = v.values();
        for (int i = 0; i < dimension; i++) if (x[i] != 0) return null;
        return "a zero vector has no direction under cosine distance";
      }
      return null;
    }

    @Override public LongWritable getCurrentKey() { return key; }
    @Override public PointBlock getCurrentValue() { return block; }
    @Override public float getProgress() throws IOException { return source == null ? 0f : source.progress(); }

    @Override
    public void close() throws IOException {
      if (source != null) source.close();
    }
  }
}
