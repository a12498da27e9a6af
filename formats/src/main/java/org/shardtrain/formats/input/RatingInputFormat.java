package org.shardtrain.formats.input;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.shardtrain.formats.PointSources;
import org.shardtrain.formats.RatingSource;

/**
 * Ratings from Avro {@code Rating} files or TSV/CSV text (split as {@link DataFileInputFormat} says). The value is the reader's current record, bad or not, with its location.
 */
public final class RatingInputFormat extends DataFileInputFormat<LongWritable, RatingInputFormat.Record> {

  /** One rating as the mapper sees it (a view of the reader's current record). */
  public static final class Record implements Writable {
    private RatingSource source;

    public String user() { return source.user(); }
    public String item() { return source.item(); }
    public double rating() { return source.rating(); }
    public String error() { return source.error(); }
    public String raw() { return source.raw(); }
    public String position() { return source.position(); }
    public String file() { return source.file(); }

    @Override public void write(DataOutput out) { throw new UnsupportedOperationException("not shuffled"); }
    @Override public void readFields(DataInput in) { throw new UnsupportedOperationException("not shuffled"); }
  }



  @Override
  public RecordReader<LongWritable, Record> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return new RecordReader<>() {
      private RatingSource source;
      private final LongWritable key = new LongWritable();
      private final Record record = new Record();

      @Override
      public void initialize(InputSplit s, TaskAttemptContext c) throws IOException {
        FileSplit fs = (FileSplit) s;
        Configuration conf = c.getConfiguration();
        source = PointSources.openRatings(conf, fs.getPath(), PointInputFormat.format(conf), fs.getStart(), fs.getLength());
        c.getCounter(ShardtrainCounter.INPUT_SPLITS).increment(1);
        record.source = source;
      }

      @Override
      public boolean nextKeyValue() throws IOException {
        if (!source.next()) return false;
        key.set(key.get() + 1);
        return true;
      }

      @Override public LongWritable getCurrentKey() { return key; }
      @Override public Record getCurrentValue() { return record; }
      @Override public float getProgress() throws IOException { return source == null ? 0 : source.progress(); }
      @Override public void close() throws IOException { if (source != null) source.close(); }
    };
  }
}
