package org.shardtrain.mapreduce.program;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.MultipleInputs;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat;
import org.shardtrain.core.als.AlsParams;
import org.shardtrain.core.als.AlsPasses;
import org.shardtrain.core.io.RecordFormat;
import org.shardtrain.core.param.Param;
import org.shardtrain.core.param.ParamException;
import org.shardtrain.core.param.ProgramParams;
import org.shardtrain.core.param.ResolvedParams;
import org.shardtrain.core.param.RunParams;
import org.shardtrain.formats.AvroFiles;
import org.shardtrain.formats.FactorFolders;
import org.shardtrain.formats.avro.AlsModel;
import org.shardtrain.formats.avro.Recommendation;
import org.shardtrain.formats.avro.RecommendedItem;
import org.shardtrain.host.program.AlsTool;
import org.shardtrain.host.program.ModelFiles;
import org.shardtrain.host.program.ProgramTool;
import org.shardtrain.host.program.RunOutput;
import org.shardtrain.mapreduce.JobRunner;
import org.shardtrain.mapreduce.InputSize;
import org.shardtrain.mapreduce.ReducerEstimator;
import org.shardtrain.mapreduce.Reducers;
import org.shardtrain.mapreduce.als.AlsKey;
import org.shardtrain.mapreduce.als.MapReduceAlsPasses;
import org.shardtrain.mapreduce.als.RecValue;
import org.shardtrain.mapreduce.als.RecommendJobs;

/** {@code shardtrain recommend}: the top N items per user from an ALS model. */
public final class RecommendTool extends ProgramTool {
  public enum OutputFormat { AVRO, TSV }

  static final Param<String> USERS = Param.stringParam("users", "shardtrain.recommend.users").optional()
      .describe("file of user IDs, one per line, to recommend for").build();
  static final Param<Boolean> ALL = Param.flag("all", "shardtrain.recommend.all")
      .describe("recommend for every user of the model").build();
  static final Param<Integer> TOP = RecommendJobs.TOP;
  static final Param<String> EXCLUDE_RATED = Param.stringParam("exclude-rated", "shardtrain.recommend.exclude-rated")
      .optional().describe("ratings whose items are not recommended to their users again").build();
  static final Param<RecordFormat> RATINGS_FORMAT = Param.enumParam("ratings-format",
      "shardtrain.recommend.ratings-format", RecordFormat.class).defaultsTo(RecordFormat.TSV)
      .validate(f -> f != RecordFormat.LIBSVM, "ratings are avro, tsv or csv")
      .describe("format of --exclude-rated").build();
  static final Param<OutputFormat> FORMAT = Param.enumParam("format", "shardtrain.recommend.format", OutputFormat.class)
      .defaultsTo(OutputFormat.AVRO).describe("avro: recommendations.avro; tsv: user, rank, item, score lines").build();
  static final Param<Integer> ITEMS_PER_BLOCK = Param.intParam("items-per-block", "shardtrain.recommend.items-per-block")
      .defaultsTo(20_000).validate(v -> v >= 1, "must be at least 1")
      .describe("items held in memory by one scoring task (its memory bound: this × rank doubles)").build();

  @Override public String name() { return "recommend"; }

  @Override public int listOrder() { return 70; }

  @Override
  public String summary() { return "Top-N items per user from an ALS model (blocked: no task holds all item factors)."; }

  @Override
  protected List<List<Param<?>>> parameters() {
    return List.of(List.of(ProgramParams.MODEL, USERS, ALL, TOP, EXCLUDE_RATED, RATINGS_FORMAT,
        RunParams.OUTPUT.narrowed("output directory: recommendations.avro (or .tsv), unknown-users.txt (asked for, not in the model)"),
        FORMAT, ITEMS_PER_BLOCK, RunParams.ON_BAD_RECORD, RunParams.OVERWRITE));
  }

  @Override
  protected int execute(ResolvedParams p) throws Exception {
    if ((p.get(USERS) == null) == !p.get(ALL)) throw new ParamException("give --users FILE or --all (one of them)");
    Configuration conf = new Configuration(getConf());
    p.asConfiguration().forEach(conf::set);
    Path modelFile = ModelFiles.locate(conf, p.get(ProgramParams.MODEL));
    if (!ModelFiles.kind(conf, modelFile).equals("AlsModel")) throw new IllegalArgumentException(modelFile + " is not an ALS model");
    AlsModel model = AvroFiles.readSingle(conf, modelFile, AlsModel.class);
    String inputs = String.join(",", modelFile.getParent().toString(),
        p.get(USERS) == null ? "" : p.get(USERS), p.get(EXCLUDE_RATED) == null ? "" : p.get(EXCLUDE_RATED));
    RunOutput output = new RunOutput(conf, p.get(RunParams.OUTPUT));
    output.prepare(conf, inputs, p.get(RunParams.OVERWRITE), false);
    Path work = output.workDir();
    Path users = new Path(work, "user-factors");
    Path items = new Path(work, "item-factors");
    AlsTool.readFactors(conf, FactorFolders.modelFile(modelFile.getParent(), AlsPasses.Side.USERS), users);
    AlsTool.readFactors(conf, FactorFolders.modelFile(modelFile.getParent(), AlsPasses.Side.ITEMS), items);
    AlsParams.RANK.write(conf::set, model.getRank());

    Path rated = null;
    if (p.get(EXCLUDE_RATED) != null) {
      Configuration rc = new Configuration(conf);
      RunParams.FORMAT.write(rc::set, p.get(RATINGS_FORMAT));
      MapReduceAlsPasses prepare = new MapReduceAlsPasses(rc, work, work, output.rejectsDir());
      prepare.prepareTestOnly(p.get(EXCLUDE_RATED));
      rated = prepare.testRatingsPath();
    }

    // 1: users with their excluded items.
    Path userRecords = new Path(work, "users");
    Path ratedFinal = rated;
    Job j1 = job(conf, "recommend-users", c -> RecommendJobs.ALL_USERS.write(c::set, p.get(ALL)));
    MultipleInputs.addInputPath(j1, FactorFolders.parts(users), SequenceFileInputFormat.class, RecommendJobs.UserFactors.class);
    if (ratedFinal != null) MultipleInputs.addInputPath(j1, ratedFinal, SequenceFileInputFormat.class, RecommendJobs.RatedItems.class);
    if (p.get(USERS) != null) MultipleInputs.addInputPath(j1, new Path(p.get(USERS)), TextInputFormat.class, RecommendJobs.WantedUsers.class);
    keyedByAlsKey(j1);
    j1.setNumReduceTasks(Reducers.choose(conf, bytes(conf, FactorFolders.parts(users), ratedFinal), ReducerEstimator.MAX_REDUCERS));
    j1.setReducerClass(RecommendJobs.UsersReducer.class);
    run(j1, userRecords);
    long recommended = j1.getCounters().findCounter("shardtrain", "USERS_RECOMMENDED").getValue();
    long unknown = j1.getCounters().findCounter("shardtrain", "USERS_UNKNOWN").getValue();
    Path unknownList = new Path(output.root(), "unknown-users.txt");
    if (unknown > 0) concatenate(conf, userRecords, RecommendJobs.UsersReducer.UNKNOWN_PREFIX, unknownList);

    // 2: best N per user within each block of items.
    int blocks = (int) Math.max(1, (model.getItems() + p.get(ITEMS_PER_BLOCK) - 1) / p.get(ITEMS_PER_BLOCK));
    Path candidates = new Path(work, "candidates");
    Job j2 = job(conf, "recommend-scores", c -> RecommendJobs.BLOCKS.write(c::set, blocks));
    MultipleInputs.addInputPath(j2, FactorFolders.parts(items), SequenceFileInputFormat.class, RecommendJobs.ItemsToBlocks.class);
    MultipleInputs.addInputPath(j2, new Path(userRecords, "part-*"), SequenceFileInputFormat.class, RecommendJobs.UsersToBlocks.class);
    keyedByAlsKey(j2);
    j2.setReducerClass(RecommendJobs.ScoreReducer.class);
    // Every user record goes to each block: the shuffle is the user records × blocks, plus the items.
    long j2Bytes = bytes(conf, new Path(userRecords, "part-*"), null) * blocks + bytes(conf, FactorFolders.parts(items), null);
    j2.setNumReduceTasks(Reducers.choose(conf, j2Bytes, blocks));
    run(j2, candidates);

    // 3: merged per user.
    Path merged = new Path(work, "merged");
    Job j3 = job(conf, "recommend-merge", c -> {});
    j3.setInputFormatClass(SequenceFileInputFormat.class);
    FileInputFormat.setInputPaths(j3, new Path(candidates, "part-*"));
    j3.setMapperClass(Mapper.class);
    j3.setMapOutputKeyClass(Text.class);
    j3.setMapOutputValueClass(RecValue.class);
    j3.setNumReduceTasks(Reducers.choose(conf, bytes(conf, new Path(candidates, "part-*"), null), ReducerEstimator.MAX_REDUCERS));
    j3.setReducerClass(RecommendJobs.MergeReducer.class);
    run(j3, merged);

    writeResult(conf, merged, output, p.get(FORMAT));
    output.removeWork();
    out.printf("recommend: top %d items for %d users (%d item block%s) under %s%n", p.get(TOP), recommended, blocks,
        blocks == 1 ? "" : "s", output.root());
    if (unknown > 0) {
      // Never dropped silently: a user the model has no factor for (no ratings in training) gets nothing.
      out.printf("recommend: %d of the users asked for are not in the model (no ratings in training), listed in %s%n",
          unknown, unknownList);
    }
    return OK;
  }

  /** Concatenates the files named {@code prefix*} in {@code dir} into {@code target}. */
  private static void concatenate(Configuration conf, Path dir, String prefix, Path target) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    FileStatus[] parts = fs.globStatus(new Path(dir, prefix + "*"));
    java.util.Arrays.sort(parts);
    try (OutputStream out = fs.create(target, true)) {
      for (FileStatus part : parts) {
        try (java.io.InputStream in = fs.open(part.getPath())) {
          in.transferTo(out);
        }
      }
    }
  }

  /** Bytes under {@code a} and {@code b} (paths or globs; b may be null): a job's shuffle, for its reducer count. */
  private static long bytes(Configuration conf, Path a, Path b) throws IOException {
    return InputSize.of(conf, a.toString()).bytes() + (b == null ? 0 : InputSize.of(conf, b.toString()).bytes());
  }

  private static Job job(Configuration conf, String name, Consumer<Configuration> configure) throws IOException {
    Job job = JobRunner.newJob(conf, name, null, configure);
    job.setJarByClass(RecommendJobs.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(RecValue.class);
    job.setOutputFormatClass(SequenceFileOutputFormat.class);
    return job;
  }

  private static void keyedByAlsKey(Job job) {
    job.setMapOutputKeyClass(AlsKey.class);
    job.setMapOutputValueClass(RecValue.class);
    job.setPartitionerClass(AlsKey.IdPartitioner.class);
    job.setGroupingComparatorClass(AlsKey.IdGrouping.class);
  }

  private static void run(Job job, Path out) throws Exception {
    JobRunner.run(job, out);
  }

  /** recommendations.avro (Recommendation records) or recommendations.tsv (user, rank, item, score). */
  private static void writeResult(Configuration conf, Path merged, RunOutput output, OutputFormat format) throws IOException {
    FileSystem fs = merged.getFileSystem(conf);
    FileStatus[] parts = fs.globStatus(new Path(merged, "part-*"));
    Path target = new Path(output.root(), format == OutputFormat.AVRO ? "recommendations.avro" : "recommendations.tsv");
    try (OutputStream out = fs.create(target, true);
         DataFileWriter<Recommendation> avro = format == OutputFormat.AVRO
             ? new DataFileWriter<>(new SpecificDatumWriter<>(Recommendation.class)) : null) {
      if (avro != null) {
        avro.setCodec(CodecFactory.snappyCodec());
        avro.create(Recommendation.getClassSchema(), out);
      }
      Text user = new Text();
      RecValue v = new RecValue();
      for (FileStatus part : parts) {
        try (SequenceFile.Reader r = new SequenceFile.Reader(conf, SequenceFile.Reader.file(part.getPath()))) {
          while (r.next(user, v)) {
            if (avro != null) {
              List<RecommendedItem> list = new ArrayList<>();
              for (int i = 0; i < v.names().size(); i++) list.add(new RecommendedItem(v.names().get(i), v.scores()[i]));
              avro.append(new Recommendation(user.toString(), list));
            } else {
              StringBuilder sb = new StringBuilder();
              for (int i = 0; i < v.names().size(); i++) {
                sb.append(user).append('\t').append(i + 1).append('\t').append(v.names().get(i)).append('\t')
                    .append(v.scores()[i]).append('\n');
              }
              out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            }
          }
        }
      }
    }
  }
}
