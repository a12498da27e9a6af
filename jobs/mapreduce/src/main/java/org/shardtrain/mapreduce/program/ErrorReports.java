package org.shardtrain.mapreduce.program;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;

/** Turns a failed job into one line: a task's own report (a bad record) if any, else the framework's reason. */
public final class ErrorReports {
  private ErrorReports() {}

  /** The failure of {@code job}: an input error when one of its tasks reported one, else the framework's. */
  public static org.shardtrain.mapreduce.JobFailedException failure(Configuration conf, Path errors, Job job)
      throws IOException, InterruptedException {
    String report = taskReport(conf, errors);
    return report != null ? new org.shardtrain.mapreduce.JobFailedException(report, true)
        : new org.shardtrain.mapreduce.JobFailedException(frameworkReason(job), false);
  }

  /** The first report a task wrote under {@code errors} (tasks write one when they reject their input). */
  private static String taskReport(Configuration conf, Path errors) throws IOException {
    FileSystem fs = errors.getFileSystem(conf);
    if (fs.exists(errors)) {
      FileStatus[] reports = fs.listStatus(errors);
      Arrays.sort(reports, Comparator.comparing(s -> s.getPath().getName()));
      if (reports.length > 0) {
        try (InputStream in = fs.open(reports[0].getPath())) {
          return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
      }
    }
    return null;
  }

  private static String frameworkReason(Job job) throws IOException, InterruptedException {
    String info = job.getStatus() == null ? null : job.getStatus().getFailureInfo();
    return "job " + job.getJobID() + " (" + job.getJobName() + ") failed"
        + (info == null || info.isBlank() || info.equals("NA") ? "; see its task logs" : ": " + info.split("\n")[0]);
  }
}
