package org.shardtrain.mapreduce.io;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.shardtrain.core.io.RecordFormat;
import org.shardtrain.formats.DenseVector;
import org.shardtrain.formats.PointSource;
import org.shardtrain.formats.PointSources;

/**
 * Dense points from Avro container files (split at block boundaries) or CSV/TSV files (one split per file,
 * so line numbers are exact), delivered in {@link PointBlock}s. The reader checks every record (parse
 * errors, non-finite values, a dimension other than the expected one) and returns a bad record alone in
 * its block, with its location. Inputs are listed by {@link PointSources#listDataFiles}, like every engine.
 */
public final class PointInputFormat extends DataFileInputFormat<LongWritable, PointBlock> {
  public static final String FORMAT_KEY = "shardtrain.format";
  public static final String DIMENSION_KEY = "shardtrain.internal.point-dimension";
  /** Set for cosine distance, where a zero vector has no direction. */
  public static final String REJECT_ZERO_KEY = "shardtrain.internal.reject-zero-vectors";
  /** About 256 KB of doubles per block: large enough to amortise per-record costs, small enough for cache. */
  static final int BLOCK_DOUBLES = 32 * 1024;

  public static RecordFormat format(Configuration conf) {
    return RecordFormat.valueOf(conf.get(FORMAT_KEY, "avro").toUpperCase(java.util.Locale.ROOT));
  }

  /** The dimension every point must have, and whether zero vectors are bad records. */
  public static void setExpectedPoints(Configuration conf, int d, boolean rejectZero) {
    conf.setInt(DIMENSION_KEY, d);
    conf.setBoolean(REJECT_ZERO_KEY, rejectZero);
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
      dimension = conf.getInt(DIMENSION_KEY, -1);
      if (dimension < 1) throw new IllegalStateException(DIMENSION_KEY + " is not set");
      rejectZero = conf.getBoolean(REJECT_ZERO_KEY, false);
      capacity = Math.max(1, BLOCK_DOUBLES / dimension);
      source = PointSources.open(conf, fs.getPath(), format(conf), fs.getStart(), fs.getLength());
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
