package org.shardtrain.formats.input;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.shardtrain.core.io.BadRecordException;
import org.shardtrain.core.io.BadRecordPolicy;
import org.shardtrain.core.param.RunParams;

/**
 * Reads splits outside a MapReduce task (a YARN worker reads its shards once and keeps them), through the
 * same input formats the MapReduce tasks use (the same record checks, blocks and error locations), and
 * applies the bad-record policy: {@code fail} stops the run with the record's file, position and reason;
 * {@code skip} counts it and writes it to {@code <rejects>/worker-NNNNN} as
 * {@code file TAB position TAB reason TAB record}.
 */
public final class ShardReader implements AutoCloseable {
  /** What a block reader gives back per block: its bad-record location, or null when the block is valid. */
  public interface Block {
    String error();
    String file();
    String position();
    String raw();
  }

  public interface BlockConsumer<V> {
    void accept(V block) throws IOException;
  }

  private final Configuration conf;
  private final BadRecordPolicy policy;
  private final Path rejects;
  private OutputStream rejectsOut;
  private long badRecords;

  public ShardReader(Configuration conf, String rejectsDir, int worker) {
    this.conf = conf;
    this.policy = RunParams.ON_BAD_RECORD.read(conf::get);
    this.rejects = new Path(rejectsDir, String.format("worker-%05d", worker));
  }

  public long badRecords() { return badRecords; }

  /** Reads every split; valid blocks go to {@code consumer}, bad ones to the policy. */
  public <V> void read(InputFormat<LongWritable, V> format, List<FileSplit> splits,
                       java.util.function.Function<V, Block> asBlock, BlockConsumer<V> consumer)
      throws IOException, InterruptedException {
    // A record reader wants a task's context; outside a task, one of no task serves (only the configuration is read).
    TaskAttemptContext context = new TaskAttemptContextImpl(conf, new TaskAttemptID());
    for (FileSplit split : splits) {
      try (RecordReader<LongWritable, V> reader = format.createRecordReader(split, context)) {
        reader.initialize(split, context);
        while (reader.nextKeyValue()) {
          V value = reader.getCurrentValue();
          Block b = asBlock.apply(value);
          if (b.error() != null) bad(b);
          else consumer.accept(value);
        }
      }
    }
  }

  private void bad(Block b) throws IOException {
    if (policy == BadRecordPolicy.FAIL) throw new BadRecordException(b.file(), b.position(), b.error());
    badRecords++;
    if (rejectsOut == null) {
      FileSystem fs = FileSystem.get(rejects.toUri(), conf);
      org.shardtrain.formats.input.PrivateDirs.ensure(fs, rejects.getParent());
      rejectsOut = fs.create(rejects, true);
    }
    String line = b.file() + '\t' + b.position() + '\t' + b.error() + '\t'
        + b.raw().replace('\n', ' ').replace('\t', ' ') + '\n';
    rejectsOut.write(line.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() throws IOException {
    if (rejectsOut != null) rejectsOut.close();
  }
}
