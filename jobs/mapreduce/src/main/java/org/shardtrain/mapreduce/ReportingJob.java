package org.shardtrain.mapreduce;

import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.output.MultipleOutputs;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;
import org.shardtrain.mapreduce.io.BadRecords;
import org.shardtrain.mapreduce.program.ErrorReports;

/**
 * A job whose tasks read records and apply the bad-record policy (import, predict, the ALS prepare pass):
 * their one-line failure reports go to {@code errors}, rejects to the {@code rejects} named output, and a
 * map is not retried (a bad record fails the same way every time).
 */
public final class ReportingJob {
  private ReportingJob() {}

  public static void configure(Job job, Path errors) {
    job.getConfiguration().set(BadRecords.ERRORS_DIR_KEY, errors.toString());
    job.getConfiguration().setBoolean(BadRecords.REPORT_KEY, true);
    job.getConfiguration().setInt("mapreduce.map.maxattempts", 1);
    MultipleOutputs.addNamedOutput(job, BadRecords.REJECTS, TextOutputFormat.class, NullWritable.class, Text.class);
  }

  /** Runs the job; a failure becomes the first task's one-line report. */
  public static void run(Job job, Path errors) throws IOException, InterruptedException, JobFailedException {
    boolean ok;
    try {
      ok = job.waitForCompletion(false);
    } catch (ClassNotFoundException e) {
      throw new IOException("job " + job.getJobName() + " cannot load a class: " + e.getMessage(), e);
    }
    if (!ok) throw ErrorReports.failure(job.getConfiguration(), errors, job);
  }
}
