package org.shardtrain.mapreduce.als;

import java.io.IOException;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.MultipleInputs;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.LazyOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.MultipleOutputs;
import org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat;
import org.shardtrain.core.als.AlsFactors;
import org.shardtrain.core.als.AlsParams;
import org.shardtrain.core.als.FactorSource;
import org.shardtrain.core.als.RatingErrors;
import org.shardtrain.formats.AlsValue;
import org.shardtrain.formats.FactorFolders;
import org.shardtrain.formats.input.ShardtrainCounter;
import org.shardtrain.host.engine.AlsEngine;
import org.shardtrain.host.program.RunOutput;
import org.shardtrain.mapreduce.JobRunner;
import org.shardtrain.mapreduce.io.PartialWritable;

/**
 * The MapReduce engine's ALS. Once per run, the ratings are grouped into rows per user and per item
 * ({@link RowsJob}), in blocks ({@link AlsBlocks}) with each row's destinations (the other side's blocks that
 * rate it). Then each half-step ({@link #solve}) is one job: a broadcast of the other side's factors to map
 * tasks when they fit --broadcast-mb ({@link BroadcastSolveMapper}), else a blocked solve whose shuffle carries
 * each factor once per destination block ({@link BlockSolveReducer}). No task holds more than the factors its
 * rows rate (or, broadcast, the budgeted other side). Factors are SequenceFiles (ID → factor) under the
 * checkpoint folder, one folder per iteration ({@link FactorFolders}); evaluation joins the held-out ratings
 * with the factors ({@link JoinReducer}, {@link EvalReducer}). The jobs' shared plumbing is {@link AlsJobs}; the
 * factors a blocked half-step ships, with their destinations, are {@link RoutedFactors}'.
 */
public final class MapReduceAlsPasses implements AlsEngine {
  private final Configuration conf;
  private final Path workDir;
  private final Path factorsRoot;
  private final Path rejectsDir;
  private final AlsJobs jobs;
  private final RoutedFactors routed;
  private Path trainRatings;
  private Path testRatings;
  private Counters prepareCounters;

  public MapReduceAlsPasses(Configuration conf, Path workDir, Path factorsRoot, Path rejectsDir) {
    this.conf = conf;
    this.workDir = workDir;
    this.factorsRoot = factorsRoot;
    this.rejectsDir = rejectsDir;
    this.jobs = new AlsJobs(conf, workDir);
    this.routed = new RoutedFactors(jobs, factorsRoot);
  }

  /** Reads, checks and splits the ratings ({@code testInputs} null: hold out by --test-fraction). */
  @Override
  public Prepared prepare(String inputs, String testInputs) throws Exception {
    Path out = new Path(workDir, "ratings");
    double[] stats = new double[2];
    Counters c = runPrepare(inputs, out, false, stats);
    trainRatings = new Path(out, PrepareRatingsMapper.TRAIN + "-m-*");
    testRatings = new Path(out, PrepareRatingsMapper.TEST + "-m-*");
    if (testInputs != null) {
      Path testOut = new Path(workDir, "test-ratings");
      runPrepare(testInputs, testOut, true, new double[2]);
      testRatings = new Path(testOut, PrepareRatingsMapper.TEST + "-m-*");
    }
    prepareCounters = c;
    long records = c.findCounter(ShardtrainCounter.RECORDS).getValue();
    long bad = c.findCounter(ShardtrainCounter.BAD_RECORDS).getValue();
    return new Prepared((long) stats[0], stats[0] == 0 ? 0 : stats[1] / stats[0], records, bad);
  }

  /** Only held-out ratings, for evaluating a finished model on {@code inputs}. */
  public long prepareTestOnly(String inputs) throws Exception {
    Path testOut = new Path(workDir, "test-ratings");
    Counters c = runPrepare(inputs, testOut, true, new double[2]);
    testRatings = new Path(testOut, PrepareRatingsMapper.TEST + "-m-*");
    prepareCounters = c;
    return c.findCounter(ShardtrainCounter.RECORDS).getValue();
  }

  /** Where the held-out (or, after {@link #prepareTestOnly}, all) ratings are: SequenceFiles keyed by user. */
  public Path testRatingsPath() { return testRatings; }

  @Override
  public boolean hasTestRatings() throws IOException {
    FileStatus[] f = testRatings == null ? null : testRatings.getFileSystem(conf).globStatus(testRatings);
    return f != null && f.length > 0;
  }

  private Counters runPrepare(String inputs, Path out, boolean allTest, double[] stats) throws Exception {
    Job job = newJob("als-prepare", c -> PrepareRatingsMapper.setAllTest(c, allTest));
    JobRunner.reportRejects(job);
    job.setJarByClass(PrepareRatingsMapper.class);
    job.setInputFormatClass(org.shardtrain.formats.input.RatingInputFormat.class);
    FileInputFormat.setInputPaths(job, inputs);
    job.setMapperClass(PrepareRatingsMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(AlsValue.class);
    LazyOutputFormat.setOutputFormatClass(job, SequenceFileOutputFormat.class);
    MultipleOutputs.addNamedOutput(job, PrepareRatingsMapper.TRAIN, SequenceFileOutputFormat.class, Text.class, AlsValue.class);
    MultipleOutputs.addNamedOutput(job, PrepareRatingsMapper.TEST, SequenceFileOutputFormat.class, Text.class, AlsValue.class);
    MultipleOutputs.addNamedOutput(job, PrepareRatingsMapper.STATS, SequenceFileOutputFormat.class, IntWritable.class, PartialWritable.class);
    run(job, out);
    RunOutput.adoptRejects(out.getFileSystem(conf), out, rejectsDir);
    for (PartialWritable p : jobs.sideOutput(out, PrepareRatingsMapper.STATS)) {
      stats[0] += p.count();
      stats[1] += p.amount();
    }
    return job.getCounters();
  }

  /** How many splits (map tasks) the pass that read and checked the input had; 0 when it did not run. */
  public long inputSplits() {
    return prepareCounters == null ? 0 : prepareCounters.findCounter(ShardtrainCounter.INPUT_SPLITS).getValue();
  }

  public long badRecords() {
    return prepareCounters == null ? 0 : prepareCounters.findCounter(ShardtrainCounter.BAD_RECORDS).getValue();
  }

  /**
   * A half-step: one job. When the other side's factors fit --broadcast-mb, a map-only job that ships them to
   * every task ({@link BroadcastSolveMapper}); otherwise a blocked job whose shuffle carries each of those
   * factors once per block of this side that rates it ({@link BlockSolveReducer}). Either writes, when the other
   * side's next half-step is blocked, the new factors with their destinations for it to ship.
   */
  @Override
  public HalfStep solve(Side side, FactorSource from, int iteration) throws Exception {
    Path out = FactorFolders.of(factorsRoot, iteration, side);
    Side other = side == Side.USERS ? Side.ITEMS : Side.USERS;
    rows(side); // made once per run: not a cost of this half-step
    rows(other);
    boolean nextBlocked = !broadcasts(side);
    jobs.startCounting();
    return broadcasts(other) ? broadcastSolve(side, from, iteration, out, nextBlocked)
        : blockedSolve(side, from, iteration, out, nextBlocked);
  }

  /** The rows of each side (ratings grouped by user or item), made once per run by {@link RowsJob}. */
  private record Rows(Path dir, long count) {}

  private final java.util.EnumMap<Side, Rows> rows = new java.util.EnumMap<>(Side.class);

  private Rows rows(Side side) throws Exception {
    Rows r = rows.get(side);
    if (r != null) return r;
    boolean users = side == Side.USERS;
    Path out = new Path(workDir, users ? "rows-users" : "rows-items");
    int b = blocks();
    Job job = newJob(users ? "als-rows-users" : "als-rows-items", c -> AlsBlocks.OTHER_BLOCKS.write(c::set, b));
    job.setJarByClass(RowsJob.class);
    job.setInputFormatClass(SequenceFileInputFormat.class);
    FileInputFormat.setInputPaths(job, trainRatings);
    job.setMapperClass(users ? RowsJob.ByUser.class : RowsJob.ByItem.class);
    job.setMapOutputKeyClass(Text.class);
    job.setMapOutputValueClass(AlsValue.class);
    job.setNumReduceTasks(b); // the default HashPartitioner puts block j's rows in part j (AlsBlocks.of)
    job.setReducerClass(RowsJob.RowsReducer.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(RatingRow.class);
    job.setOutputFormatClass(SequenceFileOutputFormat.class);
    MultipleOutputs.addNamedOutput(job, RowsJob.IDS_OUTPUT, SequenceFileOutputFormat.class, Text.class,
        org.apache.hadoop.io.NullWritable.class);
    run(job, out);
    r = new Rows(out, job.getCounters().findCounter(RowsJob.COUNTER_GROUP, RowsJob.ROWS).getValue());
    rows.put(side, r);
    return r;
  }

  private int blocks;

  /**
   * How many blocks each side is in, chosen once per run like a job's reducers (--reducers, -D
   * mapreduce.job.reduces, or one per --bytes-per-reducer of training ratings): a blocked half-step has one
   * reducer per block, and the rows carry their destinations in these numbers.
   */
  private int blocks() throws IOException {
    if (blocks == 0) blocks = jobs.reducers(trainRatings, null);
    return blocks;
  }

  /**
   * Whether a half-step ships {@code other}'s factors to every task (they fit --broadcast-mb: count × (8k + 120)
   * bytes) instead of joining them with the ratings. Counting a side's IDs takes its rows job, which the
   * broadcast half-steps read anyway; with --broadcast-mb 0 neither runs.
   */
  private boolean broadcasts(Side other) throws Exception {
    int mb = AlsParams.BROADCAST_MB.read(conf::get);
    if (mb == 0) return false;
    return FactorIndex.bytes(rows(other).count(), AlsJobConf.rank(conf)) <= ((long) mb << 20);
  }

  /**
   * A half-step as one map-only job: the other side's factors (and, when they start seeded, its rated IDs) go
   * to every task through the distributed cache — shipped once per node, not once per rating — and each task
   * solves the rows of its split. No shuffle, no joined pairs written.
   */
  /** The smallest split of a broadcast half-step: below it a task's start-up outweighs its rows. */
  static final long MIN_BROADCAST_SPLIT = 8L << 20;

  private HalfStep broadcastSolve(Side side, FactorSource from, int iteration, Path out, boolean nextBlocked)
      throws Exception {
    boolean users = side == Side.USERS;
    Side other = users ? Side.ITEMS : Side.USERS;
    Path rowsDir = rows(side).dir();
    AlsJobConf.Missing missing = from.kind() == FactorSource.Kind.SOLVED ? AlsJobConf.Missing.FAIL : AlsJobConf.Missing.INITIAL;
    Job job = newJob((users ? "als-broadcast-users-" : "als-broadcast-items-") + iteration, c -> {
      AlsJobConf.setMissing(c, missing);
      RowSolver.WRITE_OUTGOING.write(c::set, nextBlocked);
    });
    job.setJarByClass(BroadcastSolveMapper.class);
    job.setInputFormatClass(SequenceFileInputFormat.class);
    FileInputFormat.setInputPaths(job, new Path(rowsDir, "part-*"));
    // Splits of max(8 MB, 4 × the broadcast factors): enough tasks to spread the solving over the cluster (a
    // rows file is one block-sized split otherwise: one task), yet each task reads at least four times the
    // factors it loads, so shipping them stays the smaller part of its work. The block size still caps them.
    long broadcastBytes = FactorIndex.bytes(rows(other).count(), AlsJobConf.rank(conf));
    job.getConfiguration().setLong(FileInputFormat.SPLIT_MAXSIZE, Math.max(MIN_BROADCAST_SPLIT, 4 * broadcastBytes));
    job.setMapperClass(BroadcastSolveMapper.class);
    job.setNumReduceTasks(0);
    solveOutputs(job, nextBlocked);
    FileSystem fs = rowsDir.getFileSystem(conf);
    if (from.kind() != FactorSource.Kind.SEEDED) cache(job, fs, factors(from.location()));
    if (missing == AlsJobConf.Missing.INITIAL) cache(job, fs, new Path(rows(other).dir(), RowsJob.IDS_OUTPUT + "-*"));
    run(job, out);
    return finished(side, iteration, out, nextBlocked);
  }

  /**
   * A blocked half-step: {@link ShipFactorsMapper} sends each routed factor of the other side to the blocks of
   * this side that rate it; reducer b ({@link BlockSolveReducer}) holds those and solves block b's rows, read
   * from the rows job's part b. One job, one shuffle of factors (each once per destination block); the ratings
   * are not shuffled again.
   */
  private HalfStep blockedSolve(Side side, FactorSource from, int iteration, Path out, boolean nextBlocked) throws Exception {
    boolean users = side == Side.USERS;
    Side other = users ? Side.ITEMS : Side.USERS;
    RoutedFactors.Routed source = routed.of(other, from, rows(other).dir(), blocks());
    Path rowsDir = rows(side).dir();
    Job job = newJob((users ? "als-blocked-users-" : "als-blocked-items-") + iteration, c -> {
      if (AlsJobConf.implicit(conf)) AlsJobConf.setGram(c, source.gram());
      AlsBlocks.ROWS_DIR.write(c::set, rowsDir.toString());
      RowSolver.WRITE_OUTGOING.write(c::set, nextBlocked);
    });
    job.setJarByClass(BlockSolveReducer.class);
    job.setInputFormatClass(SequenceFileInputFormat.class);
    FileInputFormat.setInputPaths(job, new Path(source.dir(), "part-*"));
    job.setMapperClass(ShipFactorsMapper.class);
    job.setMapOutputKeyClass(IntWritable.class);
    job.setMapOutputValueClass(ShippedFactor.class);
    job.setPartitionerClass(AlsBlocks.BlockPartitioner.class);
    job.setNumReduceTasks(blocks());
    job.setReducerClass(BlockSolveReducer.class);
    solveOutputs(job, nextBlocked);
    run(job, out);
    source.dir().getFileSystem(conf).delete(source.dir(), true); // shipped: nothing reads it again
    return finished(side, iteration, out, nextBlocked);
  }

  private static void solveOutputs(Job job, boolean routed) {
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(AlsValue.class);
    job.setOutputFormatClass(SequenceFileOutputFormat.class);
    MultipleOutputs.addNamedOutput(job, RowSolver.STATS_OUTPUT, SequenceFileOutputFormat.class, IntWritable.class,
        PartialWritable.class);
    if (routed) {
      MultipleOutputs.addNamedOutput(job, RowSolver.OUTGOING_OUTPUT, SequenceFileOutputFormat.class, Text.class,
          RoutedFactor.class);
    }
  }

  /** A solve's statistics; its routed factors (when it wrote them) handed to {@link RoutedFactors}. */
  private HalfStep finished(Side side, int iteration, Path out, boolean routedWritten) throws IOException {
    AlsJobs.Sums stats = jobs.sums(out, RowSolver.STATS_OUTPUT);
    if (routedWritten) routed.adopt(side, iteration, out, stats.vector());
    return new HalfStep(out.toString(), stats.amount(), stats.count());
  }

  private static void cache(Job job, FileSystem fs, Path glob) throws IOException {
    FileStatus[] files = fs.globStatus(glob);
    if (files == null) return;
    for (FileStatus f : files) job.addCacheFile(f.getPath().toUri());
  }

  /** Test errors of {@code factors} over the held-out ratings. */
  @Override
  public RatingErrors evaluate(AlsFactors factors, double trainMean, AlsParams.ColdStart coldStart) throws Exception {
    Path joined = join("als-eval-join-users", testRatings, RatingsMappers.ByUser.class, factors(factors.users()),
        AlsJobConf.Missing.COLD);
    Path out = jobs.nextOutput("als-eval");
    Job job = newJob("als-eval", c -> EvalReducer.MEAN.write(c::set, trainMean));
    job.setJarByClass(EvalReducer.class);
    MultipleInputs.addInputPath(job, new Path(joined, "part-*"), SequenceFileInputFormat.class, RatingsMappers.Pairs.class);
    MultipleInputs.addInputPath(job, factors(factors.items()), SequenceFileInputFormat.class, RatingsMappers.Factors.class);
    joinShuffle(job);
    job.setNumReduceTasks(jobs.reducers(new Path(joined, "part-*"), factors(factors.items())));
    job.setReducerClass(EvalReducer.class);
    job.setOutputKeyClass(IntWritable.class);
    job.setOutputValueClass(PartialWritable.class);
    job.setOutputFormatClass(SequenceFileOutputFormat.class);
    run(job, out);
    RatingErrors total = new RatingErrors(coldStart, trainMean);
    for (PartialWritable p : jobs.sideOutput(out, "part")) total.addFlat(p.vectorCopy());
    return total;
  }

  private Path factors(String dir) { return FactorFolders.parts(new Path(dir)); }

  private Path join(String name, Path ratings, Class<? extends Mapper<Text, AlsValue, AlsKey, AlsValue>> ratingsMapper,
                    Path factors, AlsJobConf.Missing missing) throws Exception {
    Path out = jobs.nextOutput(name);
    Job job = newJob(name, c -> AlsJobConf.setMissing(c, missing));
    job.setJarByClass(JoinReducer.class);
    MultipleInputs.addInputPath(job, ratings, SequenceFileInputFormat.class, ratingsMapper);
    if (factors != null) MultipleInputs.addInputPath(job, factors, SequenceFileInputFormat.class, RatingsMappers.Factors.class);
    joinShuffle(job);
    job.setNumReduceTasks(jobs.reducers(ratings, factors));
    job.setReducerClass(JoinReducer.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(AlsValue.class);
    job.setOutputFormatClass(SequenceFileOutputFormat.class);
    run(job, out);
    return out;
  }

  private static void joinShuffle(Job job) {
    job.setMapOutputKeyClass(AlsKey.class);
    job.setMapOutputValueClass(AlsValue.class);
    job.setPartitionerClass(AlsKey.IdPartitioner.class);
    job.setGroupingComparatorClass(AlsKey.IdGrouping.class);
  }

  private Job newJob(String name, Consumer<Configuration> configure) throws IOException {
    return jobs.newJob(name, configure);
  }

  private void run(Job job, Path out) throws Exception { jobs.run(job, out); }

  /**
   * What the last half-step's jobs cost beyond computing: how many jobs, the bytes their reducers fetched
   * (REDUCE_SHUFFLE_BYTES) and the bytes they left in their output folders (what HDFS_BYTES_WRITTEN counts on
   * a cluster, before replication).
   */
  public record HalfStepCost(long jobs, long shuffleBytes, long outputBytes) {}

  public HalfStepCost lastHalfStepCost() {
    long[] c = jobs.cost();
    return new HalfStepCost(c[0], c[1], c[2]);
  }
}
