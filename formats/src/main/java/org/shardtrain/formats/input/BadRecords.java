package org.shardtrain.formats.input;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;
import org.apache.hadoop.mapreduce.lib.output.MultipleOutputs;
import org.shardtrain.core.io.BadRecordException;
import org.shardtrain.core.io.BadRecordPolicy;
import org.shardtrain.core.param.Param;
import org.shardtrain.core.param.RunParams;

/**
 * Applies the bad-record policy in a task. {@code fail}: the one-line message (file, position, reason) is
 * also written to the job's error folder, where the driver finds it on any engine (task diagnostics are
 * not kept by the local runner), then the task fails. {@code skip}: the record is counted and, in the pass
 * that reports rejects, written to {@code rejects} as {@code file TAB position TAB reason TAB record}.
 */
public final class BadRecords implements AutoCloseable {
  /** Where a failing task writes its one-line reason for the driver (set by the engine for each job). */
  public static final Param<String> ERRORS_DIR = Param.pathParam("internal-errors-dir", "shardtrain.internal.errors-dir")
      .optional().describe("the job's error folder").build();
  /** Whether this pass counts and sets aside skipped records (only one pass of a run does). */
  public static final Param<Boolean> REPORT = Param.flag("internal-report-rejects", "shardtrain.internal.report-rejects")
      .describe("this pass counts and writes skipped records").build();
  public static final String REJECTS = "rejects";

  private final TaskInputOutputContext<?, ?, ?, ?> context;
  private final BadRecordPolicy policy;
  private final boolean report;
  private MultipleOutputs<NullWritable, Text> rejects;

  @SuppressWarnings({"unchecked", "rawtypes"})
  public BadRecords(TaskInputOutputContext<?, ?, ?, ?> context) {
    this.context = context;
    Configuration conf = context.getConfiguration();
    this.policy = RunParams.ON_BAD_RECORD.read(conf::get);
    this.report = REPORT.read(conf::get);
    if (report && policy == BadRecordPolicy.SKIP) this.rejects = new MultipleOutputs(context);
  }

  public void handle(String file, String position, String reason, String raw) throws IOException, InterruptedException {
    if (policy == BadRecordPolicy.FAIL) {
      BadRecordException e = new BadRecordException(file, position, reason);
      throw e; // reported by the task's run() (see reportFailure)
    }
    if (!report) return; // the pass that reports has counted it and set it aside already
    context.getCounter(ShardtrainCounter.BAD_RECORDS).increment(1);
    String line = file + '\t' + position + '\t' + reason + '\t' + raw.replace('\n', ' ').replace('\t', ' ');
    rejects.write(REJECTS, NullWritable.get(), new Text(line));
  }

  /**
   * Runs a task body; if it fails for any reason (a bad record, a corrupt file, a bug), the first line of the
   * reason goes to the job's error folder, where the driver reads it, and the failure goes on as before.
   */
  public static void reportFailures(TaskInputOutputContext<?, ?, ?, ?> context, TaskBody body)
      throws IOException, InterruptedException {
    try {
      body.run();
    } catch (IOException | RuntimeException | Error e) {
      String message = e instanceof BadRecordException ? e.getMessage()
          : (e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0]);
      writeErrorReport(context.getConfiguration(), context.getTaskAttemptID().toString(), message);
      throw e;
    }
  }

  /** A task's {@code super.run(context)}. */
  @FunctionalInterface
  public interface TaskBody {
    void run() throws IOException, InterruptedException;
  }

  public static void writeErrorReport(Configuration conf, String attempt, String message) throws IOException {
    String dir = ERRORS_DIR.read(conf::get);
    if (dir == null) return;
    Path p = new Path(dir, attempt);
    FileSystem fs = p.getFileSystem(conf);
    try (OutputStream out = fs.create(p, true)) {
      out.write(message.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (rejects != null) rejects.close();
  }
}
