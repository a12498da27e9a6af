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
import org.shardtrain.mapreduce.io.SlotKey;
import org.shardtrain.mapreduce.io.SlotRangePartitioner;
import org.shardtrain.mapreduce.kmeans.PartialsReducer;

/**
 * Runs one pass over the input as a MapReduce job (mapper → {@link PartialsReducer} → SequenceFiles of
 * partials) and hands the partials back to the driver. The pass's slots are spread over R reducers by range
 * ({@link SlotRangePartitioner}; R from the statistics' size, {@link Reducers}) and each slot's partials are
 * added in map-task order ({@link SlotKey}), so the driver, reading the R part files in order, meets every
 * slot once, in slot order, summed the same way on every run. Each pass gets its own numbered folder under
 * the run's work directory, so a rerun of an iteration replaces its own output and nothing else (idempotent).
 */
public final class MapReducePass {
  private final Configuration base;
  private final String inputs;
  private final Path workDir;
  private final Path rejectsDir;
  private int passes;
  private InputSize inputSize;

  /** Passes that report rejects move them to {@code rejectsDir} as soon as they succeed. */
  public MapReducePass(Configuration base, String inputs, Path workDir, Path rejectsDir) {
    this.base = base;
    this.inputs = inputs;
    this.workDir = workDir;
    this.rejectsDir = rejectsDir;
  }

  /** What a finished pass tells the driver besides its partials. */
  public record Outcome(Path outputDir, Counters counters) {}

  /**
   * What a pass's statistics look like, for its reducers: {@code slots} summed slots (the partitioner's
   * range) and about {@code bytesPerTask} bytes emitted by each map task.
   */
  public record Shape(long slots, long bytesPerTask) {
    /** A pass whose statistics are one slot plus list entries (scan, seeding): one reducer is all it can use. */
    public static final Shape ONE = new Shape(1, 0);
  }

  /** The input's size (listed on the first pass, then kept: every pass reads the same input). */
  public InputSize inputSize() throws IOException {
    if (inputSize == null) inputSize = InputSize.of(base, inputs);
    return inputSize;
  }

  /** The reducers a pass of {@code shape} gets. */
  public int reducers(Shape shape) throws IOException {
    if (shape.slots() <= 1) return 1;
    long bytes = ReducerEstimator.statisticsBytes(inputSize().mapTasks(), shape.bytesPerTask());
    return Reducers.choose(base, bytes, shape.slots());
  }

  public interface PartialConsumer {
    void accept(int key, PartialWritable value);
  }

  public Outcome run(String name, Class<? extends Mapper<?, ?, ?, ?>> mapper, boolean reportRejects, Shape shape,
                     Consumer<Configuration> configure, PartialConsumer partials)
      throws IOException, InterruptedException, JobFailedException {
    return run(name, PointInputFormat.class, mapper, reportRejects, shape, configure, partials);
  }

  /** A pass over records read by {@code inputFormat} (points, labelled examples). */
  public Outcome run(String name, Class<? extends InputFormat<?, ?>> inputFormat,
                     Class<? extends Mapper<?, ?, ?, ?>> mapper, boolean reportRejects, Shape shape,
                     Consumer<Configuration> configure, PartialConsumer partials)
      throws IOException, InterruptedException, JobFailedException {
    passes++;
    Path out = new Path(workDir, String.format("pass-%03d-%s", passes, name));
    Path errors = new Path(workDir, String.format("errors-%03d", passes));
    int reducers = reducers(shape);
    Job job = JobRunner.newJob(base, name, errors, configure);
    Configuration conf = job.getConfiguration();
    if (reportRejects) JobRunner.reportRejects(job);
    job.setJarByClass(mapper);
    job.setInputFormatClass(inputFormat);
    FileInputFormat.setInputPaths(job, inputs);
    job.setMapperClass(mapper);
    job.setReducerClass(PartialsReducer.class);
    job.setNumReduceTasks(reducers);
    SlotRangePartitioner.setSlots(conf, shape.slots());
    job.setPartitionerClass(SlotRangePartitioner.class);
    job.setGroupingComparatorClass(SlotKey.BySlot.class);
    job.setMapOutputKeyClass(SlotKey.class);
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
