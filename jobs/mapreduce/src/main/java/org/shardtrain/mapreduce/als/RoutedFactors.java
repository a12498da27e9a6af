package org.shardtrain.mapreduce.als;

import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.MultipleInputs;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.MultipleOutputs;
import org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat;
import org.shardtrain.core.als.FactorSource;
import org.shardtrain.formats.FactorFolders;
import org.shardtrain.core.als.AlsPasses.Side;
import org.shardtrain.mapreduce.io.PartialWritable;

/**
 * A side's factors paired with their destinations (the other side's blocks that rate each), which a blocked
 * half-step ships ({@link ShipFactorsMapper}). A solve that feeds a blocked half-step writes them beside its
 * factors; they are moved out of the factor folder (which holds only what the model and a resume read) into the
 * work folder, and looked up here by that folder. At a run's start — seeded factors, a warm start's or a
 * checkpoint's — one route job ({@link RouteJob}) pairs the factors with the destinations the rows carry.
 */
final class RoutedFactors {
  /** A side's factors with their destinations, and their Gram Σ y·yᵀ (implicit feedback's YᵀY). */
  record Routed(Path dir, double[] gram) {}

  private final AlsJobs jobs;
  private final Path factorsRoot;
  /** Routed factors written by this run's solves, by the factor folder they copy. */
  private final Map<String, Routed> written = new HashMap<>();

  RoutedFactors(AlsJobs jobs, Path factorsRoot) {
    this.jobs = jobs;
    this.factorsRoot = factorsRoot;
  }

  /** Moves what the solve into {@code out} routed into the work folder, keeping its Gram. */
  void adopt(Side side, int iteration, Path out, double[] gram) throws IOException {
    FileSystem fs = out.getFileSystem(jobs.conf);
    Path dir = new Path(jobs.workDir, String.format("routed-%s-%06d", side.name().toLowerCase(Locale.ROOT), iteration));
    fs.delete(dir, true); // a rerun of an interrupted iteration
    fs.mkdirs(dir);
    FileStatus[] files = fs.globStatus(new Path(out, RowSolver.OUTGOING_OUTPUT + "-*"));
    for (FileStatus f : files == null ? new FileStatus[0] : files) {
      fs.rename(f.getPath(), new Path(dir, f.getPath().getName().replace(RowSolver.OUTGOING_OUTPUT, "part")));
    }
    written.put(key(out.toString()), new Routed(dir, gram));
  }

  /**
   * {@code side}'s factors from {@code from} with their destinations: those the solve of this run that made
   * them wrote, or else the route job's, over the side's rows in {@code blocks} blocks.
   */
  Routed of(Side side, FactorSource from, Path rowsDir, int blocks) throws Exception {
    if (from.kind() == FactorSource.Kind.SOLVED) {
      Routed r = written.remove(key(from.location()));
      if (r != null) return r;
    }
    boolean users = side == Side.USERS;
    Path out = jobs.nextOutput(users ? "als-route-users" : "als-route-items");
    AlsJobConf.Missing missing = from.kind() == FactorSource.Kind.SOLVED ? AlsJobConf.Missing.FAIL : AlsJobConf.Missing.INITIAL;
    Job job = jobs.newJob(users ? "als-route-users" : "als-route-items", c -> AlsJobConf.setMissing(c, missing));
    job.setJarByClass(RouteJob.class);
    MultipleInputs.addInputPath(job, new Path(rowsDir, "part-*"), SequenceFileInputFormat.class, RouteJob.FromRows.class);
    if (from.kind() != FactorSource.Kind.SEEDED) {
      MultipleInputs.addInputPath(job, FactorFolders.parts(new Path(from.location())), SequenceFileInputFormat.class,
          RouteJob.FromFactors.class);
    }
    job.setMapOutputKeyClass(AlsKey.class);
    job.setMapOutputValueClass(RoutedFactor.class);
    job.setPartitionerClass(AlsKey.IdPartitioner.class);
    job.setGroupingComparatorClass(AlsKey.IdGrouping.class);
    job.setNumReduceTasks(blocks);
    job.setReducerClass(RouteJob.RouteReducer.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(RoutedFactor.class);
    job.setOutputFormatClass(SequenceFileOutputFormat.class);
    MultipleOutputs.addNamedOutput(job, RowSolver.STATS_OUTPUT, SequenceFileOutputFormat.class, IntWritable.class,
        PartialWritable.class);
    jobs.run(job, out);
    return new Routed(out, jobs.sums(out, RowSolver.STATS_OUTPUT).vector());
  }

  private String key(String factorFolder) throws IOException {
    return new Path(factorFolder).makeQualified(factorsRoot.getFileSystem(jobs.conf).getUri(), null).toString();
  }
}
