package org.shardtrain.mapreduce;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat;
import org.shardtrain.formats.input.PointInputFormat;
import org.shardtrain.host.JobFailedException;
import org.shardtrain.mapreduce.io.PartialWritable;
import org.shardtrain.mapreduce.kmeans.PartialsReducer;

/**
 * Runs one pass over the input as a MapReduce job (mapper → {@link PartialsReducer} as combiner and
 * reducer → a SequenceFile of partials) and hands the partials back to the driver. Each pass gets its own
 * numbered folder under the run's work directory, so a rerun of an iteration replaces its own output and
 * nothing else (idempotent).
 */
public final class MapReducePass {
  private final Configuration base;
  private final String inputs;
  private final Path workDir;
  private final Path rejectsDir;
  private int passes;

  /** Passes that report rejects move them to {@code rejectsDir} as soon as they succeed. */
  public MapReducePass(Configuration base, String inputs, Path workDir, Path rejectsDir) {
    this.base = base;
    this.inputs = inputs;
    this.workDir = workDir;
    this.rejectsDir = rejectsDir;
  }

  /** What a finished pass tells the driver besides its partials. */
  public record Outcome(Path outputDir, Counters counters) {}

  public interface PartialConsumer {
    void accept(int key, PartialWritable value);
  }

  public Outcome run(String name, Class<? extends Mapper<?, ?, ?, ?>> mapper, boolean reportRejects,
                     Consumer<Configuration> configure, PartialConsumer partials)
      throws IOException, InterruptedException, JobFailedException {
    return run(name, PointInputFormat.class, mapper, reportRejects, configure, partials);
  }

  /** A pass over records read by {@code inputFormat} (points, labelled examples). */
  public Outcome run(String name, Class<? extends InputFormat<?, ?>> inputFormat,
                     Class<? extends Mapper<?, ?, ?, ?>> mapper, boolean reportRejects,
                     Consumer<Configuration> configure, PartialConsumer partials)
      throws IOException, InterruptedException, JobFailedException {
    passes++;
    Path out = new Path(workDir, String.format("pass-%03d-%s", passes, name));
    Path errors = new Path(workDir, String.format("errors-%03d", passes));
    Job job = JobRunner.newJob(base, name, errors, configure);
    Configuration conf = job.getConfiguration();
    if (reportRejects) JobRunner.reportRejects(job);
    job.setJarByClass(mapper);
    job.setInputFormatClass(inputFormat);
    FileInputFormat.setInputPaths(job, inputs);
    job.setMapperClass(mapper);
    job.setCombinerClass(PartialsReducer.class);
    job.setReducerClass(PartialsReducer.class);
    job.setNumReduceTasks(1);
    job.setMapOutputKeyClass(IntWritable.class);
    job.setMapOutputValueClass(PartialWritable.class);
    job.setOutputKeyClass(IntWritable.class);
    job.setOutputValueClass(PartialWritable.class);
    job.setOutputFormatClass(SequenceFileOutputFormat.class);
    JobRunner.run(job, out);
    readPartials(conf, out, partials);
    if (reportRejects) org.shardtrain.host.program.RunOutput.adoptRejects(out.getFileSystem(conf), out, rejectsDir);
    return new Outcome(out, job.getCounters());
  }

  private static void readPartials(Configuration conf, Path dir, PartialConsumer partials) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    FileStatus[] parts = fs.listStatus(dir, p -> p.getName().startsWith("part-"));
    Arrays.sort(parts, Comparator.comparing(s -> s.getPath().getName()));
    IntWritable key = new IntWritable();
    PartialWritable value = new PartialWritable();
    for (FileStatus part : parts) {
      try (SequenceFile.Reader reader = new SequenceFile.Reader(conf, SequenceFile.Reader.file(part.getPath()))) {
        while (reader.next(key, value)) partials.accept(key.get(), value);
      }
    }
  }
}
