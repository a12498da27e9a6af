package org.shardtrain.host.program;

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
  public static org.shardtrain.host.JobFailedException failure(Configuration conf, Path errors, Job job)
      throws IOException, InterruptedException {
    String report = taskReport(conf, errors);
    return report != null ? new org.shardtrain.host.JobFailedException(report, true)
        : new org.shardtrain.host.JobFailedException(frameworkReason(job), false);
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
    boolean noInfo = info == null || info.isBlank() || info.equals("NA");
    String full = noInfo ? fullLocalDisk(job.getConfiguration(), job) : null;
    if (full != null) return "job " + job.getJobID() + " (" + job.getJobName() + ") failed: " + full;
    boolean local = "local".equals(job.getConfiguration().get("mapreduce.framework.name", "local"));
    return "job " + job.getJobID() + " (" + job.getJobName() + ") failed" + (!noInfo ? ": " + info.split("\n")[0]
        : local ? "; the local job runner keeps no task logs: its task's error is in the log lines above"
        : "; see its task logs (mapred job -history " + job.getJobID() + ")");
  }

  /** Folders fuller than this are named as the cause of a failure that says nothing else. */
  static final long FULL_BYTES = 1 << 20;

  /**
   * "no space left on device: /data/out has 4096 bytes free" when a local folder the job writes to (its
   * output, the local runner's scratch, hadoop.tmp.dir) is full — the local job runner reports such a task
   * failure only as "NA". Null when none is.
   */
  static String fullLocalDisk(Configuration conf, Job job) {
    java.util.List<String> dirs = new java.util.ArrayList<>();
    String out = conf.get("mapreduce.output.fileoutputformat.outputdir");
    if (out != null) dirs.add(out);
    dirs.addAll(java.util.Arrays.asList(conf.getTrimmedStrings("mapreduce.cluster.local.dir")));
    dirs.add(conf.get("hadoop.tmp.dir", "/tmp"));
    for (String d : dirs) {
      java.io.File f = localFile(d);
      if (f == null) continue;
      while (f != null && !f.exists()) f = f.getParentFile();
      if (f != null && f.getUsableSpace() < FULL_BYTES) {
        return "no space left on device: " + f + " has " + f.getUsableSpace() + " bytes free";
      }
    }
    return null;
  }

  private static java.io.File localFile(String dir) {
    java.net.URI uri = new Path(dir).toUri();
    return uri.getScheme() == null || uri.getScheme().equals("file") ? new java.io.File(uri.getPath()) : null;
  }
}
