package org.shardtrain.mapreduce.als;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.shardtrain.mapreduce.InputSize;
import org.shardtrain.mapreduce.JobRunner;
import org.shardtrain.mapreduce.ReducerEstimator;
import org.shardtrain.mapreduce.Reducers;
import org.shardtrain.mapreduce.io.PartialWritable;

/**
 * What every ALS job of a run shares: its configuration and work folder, numbered output folders, running a
 * job and adding up what it cost, reducer counts from input bytes, and reading the small side outputs
 * (statistics) that jobs leave beside their factors.
 */
final class AlsJobs {
  final Configuration conf;
  final Path workDir;
  private int jobs;
  private long[] cost = new long[3];

  AlsJobs(Configuration conf, Path workDir) {
    this.conf = conf;
    this.workDir = workDir;
  }

  /** The next numbered output folder in the work folder (job-007-als-eval). */
  Path nextOutput(String name) {
    return new Path(workDir, String.format("job-%03d-%s", ++jobs, name));
  }

  Job newJob(String name, Consumer<Configuration> configure) throws IOException {
    return JobRunner.newJob(conf, name, new Path(workDir, "errors-" + (jobs + 1)), configure);
  }

  void run(Job job, Path out) throws Exception {
    JobRunner.run(job, out); // a rerun of an interrupted iteration replaces its own output
    cost[0]++;
    cost[1] += job.getCounters().findCounter(TaskCounter.REDUCE_SHUFFLE_BYTES).getValue();
    cost[2] += out.getFileSystem(conf).getContentSummary(out).getLength();
  }

  /** Starts counting a half-step's cost afresh. */
  void startCounting() { cost = new long[3]; }

  /** Jobs, REDUCE_SHUFFLE_BYTES and output bytes since {@link #startCounting}. */
  long[] cost() { return cost.clone(); }

  /**
   * Reducers of a job that shuffles its whole input (ratings and factors): one per --bytes-per-reducer of
   * input (SequenceFile bytes are close to the map output's), unless the user chose (Reducers). Before issue
   * 22 no ALS job set it, so a cluster's default of 1 put every half-step through one reducer.
   */
  int reducers(Path a, Path b) throws IOException {
    long bytes = InputSize.of(conf, a.toString()).bytes() + (b == null ? 0 : InputSize.of(conf, b.toString()).bytes());
    return Reducers.choose(conf, bytes, ReducerEstimator.MAX_REDUCERS);
  }

  /** The sums of a side output's records, in part-file order: count, amount and the vectors added. */
  record Sums(long count, double amount, double[] vector) {}

  Sums sums(Path dir, String name) throws IOException {
    long count = 0;
    double amount = 0;
    double[] vector = new double[0];
    for (PartialWritable p : sideOutput(dir, name)) {
      count += p.count();
      amount += p.amount();
      if (vector.length < p.size()) vector = Arrays.copyOf(vector, p.size());
      for (int i = 0; i < p.size(); i++) vector[i] += p.vector()[i];
    }
    return new Sums(count, amount, vector);
  }

  List<PartialWritable> sideOutput(Path dir, String name) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    List<PartialWritable> out = new ArrayList<>();
    FileStatus[] files = fs.globStatus(new Path(dir, name + "-*"));
    if (files == null) return out;
    for (FileStatus f : files) {
      try (SequenceFile.Reader r = new SequenceFile.Reader(conf, SequenceFile.Reader.file(f.getPath()))) {
        IntWritable k = new IntWritable();
        PartialWritable v = new PartialWritable();
        while (r.next(k, v)) out.add(new PartialWritable(v.count(), v.amount(), v.vectorCopy(), v.size()));
      }
    }
    return out;
  }
}
