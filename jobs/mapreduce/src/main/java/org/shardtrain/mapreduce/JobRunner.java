package org.shardtrain.mapreduce;

import java.io.IOException;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.MultipleOutputs;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;
import org.shardtrain.formats.input.BadRecords;
import org.shardtrain.host.JobFailedException;
import org.shardtrain.host.program.ErrorReports;

/**
 * The one way shardtrain runs a MapReduce job (every pass, the ALS and recommend jobs, import, predict):
 * <ul>
 *   <li>its tasks write a failure's one-line reason to an error folder, where the driver finds it on any
 *       cluster (the local runner keeps no task diagnostics), so a failed job becomes that line
 *       ({@link ErrorReports#failure}), never a stack trace;</li>
 *   <li>its output folder is replaced when it is run again (an interrupted iteration's rerun is idempotent);</li>
 *   <li>a job that reads records may report bad ones ({@link #reportRejects}): the rejects named output, and
 *       no map retries, since a malformed record fails the same way on every attempt.</li>
 * </ul>
 */
public final class JobRunner {
  private JobRunner() {}

  /**
   * A job called {@code shardtrain <name>} on a copy of {@code base}, configured by {@code configure}, whose
   * tasks report failures to {@code errors} (emptied first); null: beside the output, see {@link #run}.
   */
  public static Job newJob(Configuration base, String name, Path errors, Consumer<Configuration> configure)
      throws IOException {
    Job job = Job.getInstance(new Configuration(base), "shardtrain " + name);
    configure.accept(job.getConfiguration());
    if (errors != null) {
      errors.getFileSystem(base).delete(errors, true);
      BadRecords.ERRORS_DIR.write(job.getConfiguration()::set, errors.toString());
    }
    return job;
  }

  /** The job's tasks count and set aside bad records (with --on-bad-record skip) and are not retried. */
  public static void reportRejects(Job job) {
    BadRecords.REPORT.write(job.getConfiguration()::set, true);
    job.getConfiguration().setInt("mapreduce.map.maxattempts", 1);
    MultipleOutputs.addNamedOutput(job, BadRecords.REJECTS, TextOutputFormat.class, NullWritable.class, Text.class);
  }

  /**
   * Runs the job into {@code out} (deleted first) and waits; a failure becomes the first failing task's
   * one-line reason. A job given no error folder reports into {@code errors-<out's name>} beside {@code out}.
   */
  public static void run(Job job, Path out) throws IOException, InterruptedException, JobFailedException {
    Configuration conf = job.getConfiguration();
    FileSystem fs = out.getFileSystem(conf);
    fs.delete(out, true);
    FileOutputFormat.setOutputPath(job, out);
    if (BadRecords.ERRORS_DIR.read(conf::get) == null) {
      BadRecords.ERRORS_DIR.write(conf::set, new Path(out.getParent(), "errors-" + out.getName()).toString());
    }
    boolean succeeded;
    try {
      succeeded = job.waitForCompletion(false);
    } catch (ClassNotFoundException e) {
      throw new IOException("job " + job.getJobName() + " cannot load a class: " + e.getMessage(), e);
    }
    if (!succeeded) throw ErrorReports.failure(conf, new Path(BadRecords.ERRORS_DIR.read(conf::get)), job);
  }
}
