package org.shardtrain.mapreduce.importer;

import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.shardtrain.formats.NumberedLines;
import org.shardtrain.formats.TextCodecs;
import org.shardtrain.formats.input.DataFileInputFormat;

/**
 * Text lines, split as {@code TextInputFormat} splits them (whatever --format says: the importer reads text),
 * keyed by their 1-based number within the split; the mapper adds the lines before the split
 * ({@link NumberedLines#linesBefore}) only when it reports a bad record.
 */
public final class NumberedLineInputFormat extends DataFileInputFormat<LongWritable, Text> {
  /** Stands in for a line longer than {@link NumberedLines#MAX_LINE_BYTES}, which is not read into memory. */
  public static final String TOO_LONG = "\u0000shardtrain:line-too-long";

  @Override
  protected boolean isSplitable(JobContext context, Path file) {
    return TextCodecs.splittable(context.getConfiguration(), file);
  }

  @Override
  public RecordReader<LongWritable, Text> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return new RecordReader<>() {
      private NumberedLines lines;
      private final LongWritable number = new LongWritable();
      private final Text line = new Text();

      @Override
      public void initialize(InputSplit s, TaskAttemptContext c) throws IOException {
        FileSplit split = (FileSplit) s;
        lines = new NumberedLines(c.getConfiguration(), split.getPath(), split.getStart(), split.getLength());
        c.getCounter(org.shardtrain.formats.input.ShardtrainCounter.INPUT_SPLITS).increment(1);
      }

      @Override
      public boolean nextKeyValue() throws IOException {
        if (!lines.next()) return false;
        number.set(lines.numberInSplit());
        if (lines.tooLong()) line.set(TOO_LONG);
        else line.set(lines.line());
        return true;
      }

      @Override public LongWritable getCurrentKey() { return number; }
      @Override public Text getCurrentValue() { return line; }
      @Override public float getProgress() throws IOException { return lines == null ? 0f : lines.progress(); }
      @Override public void close() throws IOException { if (lines != null) lines.close(); }
    };
  }
}
