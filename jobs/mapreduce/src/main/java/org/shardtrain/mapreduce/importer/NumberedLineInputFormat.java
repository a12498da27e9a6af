package org.shardtrain.mapreduce.importer;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.util.LineReader;
import org.shardtrain.formats.PointSources;
import org.shardtrain.formats.TextPointSource;

/** Text lines keyed by their 1-based line number: whole files, one per split, so numbers are exact. */
public final class NumberedLineInputFormat extends FileInputFormat<LongWritable, Text> {

  @Override
  protected List<FileStatus> listStatus(JobContext job) throws IOException {
    StringBuilder inputs = new StringBuilder();
    for (Path p : getInputPaths(job)) inputs.append(inputs.length() == 0 ? "" : ",").append(p);
    return PointSources.listDataFiles(job.getConfiguration(), inputs.toString());
  }

  @Override
  protected boolean isSplitable(JobContext context, Path file) { return false; }

  @Override
  public RecordReader<LongWritable, Text> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return new RecordReader<>() {
      private LineReader lines;
      private FSDataInputStream raw;
      private long length;
      private final LongWritable number = new LongWritable();
      private final Text line = new Text();

      @Override
      public void initialize(InputSplit s, TaskAttemptContext c) throws IOException {
        Path path = ((FileSplit) s).getPath();
        Configuration conf = c.getConfiguration();
        FileSystem fs = path.getFileSystem(conf);
        length = fs.getFileStatus(path).getLen();
        raw = fs.open(path);
        CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
        InputStream in = codec == null ? raw : codec.createInputStream(raw);
        lines = new LineReader(in, conf);
      }

      @Override
      public boolean nextKeyValue() throws IOException {
        int read = lines.readLine(line, TextPointSource.MAX_LINE_BYTES, Integer.MAX_VALUE);
        if (read == 0) return false;
        number.set(number.get() + 1);
        if (read > TextPointSource.MAX_LINE_BYTES) line.set(ImportMapper.TOO_LONG);
        return true;
      }

      @Override public LongWritable getCurrentKey() { return number; }
      @Override public Text getCurrentValue() { return line; }
      @Override public float getProgress() throws IOException { return length == 0 ? 1 : raw.getPos() / (float) length; }
      @Override public void close() throws IOException { if (lines != null) lines.close(); }
    };
  }
}
