package org.shardtrain.mapreduce.io;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.shardtrain.core.io.RecordFormat;
import org.shardtrain.formats.PointSource;
import org.shardtrain.formats.PointSources;

/**
 * Dense points from Avro container files (split at block boundaries) or CSV/TSV files (one split per file,
 * so line numbers are exact). Lists inputs with {@link PointSources#listDataFiles}, like every engine.
 */
public final class PointInputFormat extends FileInputFormat<LongWritable, PointWritable> {
  public static final String FORMAT_KEY = "shardtrain.format";

  public static RecordFormat format(Configuration conf) {
    return RecordFormat.valueOf(conf.get(FORMAT_KEY, "avro").toUpperCase(java.util.Locale.ROOT));
  }

  @Override
  protected List<FileStatus> listStatus(JobContext job) throws IOException {
    Path[] dirs = getInputPaths(job);
    StringBuilder inputs = new StringBuilder();
    for (Path p : dirs) inputs.append(inputs.length() == 0 ? "" : ",").append(p);
    return PointSources.listDataFiles(job.getConfiguration(), inputs.toString());
  }

  @Override
  protected boolean isSplitable(JobContext context, Path file) {
    return format(context.getConfiguration()) == RecordFormat.AVRO;
  }

  @Override
  public RecordReader<LongWritable, PointWritable> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return new Reader();
  }

  private static final class Reader extends RecordReader<LongWritable, PointWritable> {
    private PointSource source;
    private final LongWritable key = new LongWritable();
    private final PointWritable value = new PointWritable();

    @Override
    public void initialize(InputSplit split, TaskAttemptContext context) throws IOException {
      FileSplit fs = (FileSplit) split;
      Configuration conf = context.getConfiguration();
      source = PointSources.open(conf, fs.getPath(), format(conf), fs.getStart(), fs.getLength());
    }

    @Override
    public boolean nextKeyValue() throws IOException {
      if (!source.next()) return false;
      key.set(key.get() + 1);
      value.set(source.vector(), source.error(), source);
      return true;
    }

    @Override public LongWritable getCurrentKey() { return key; }
    @Override public PointWritable getCurrentValue() { return value; }
    @Override public float getProgress() throws IOException { return source == null ? 0f : source.progress(); }

    @Override
    public void close() throws IOException {
      if (source != null) source.close();
    }
  }
}
