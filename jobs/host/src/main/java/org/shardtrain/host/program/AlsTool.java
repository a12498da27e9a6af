package org.shardtrain.host.program;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.shardtrain.core.als.AlsAlgorithm;
import org.shardtrain.core.als.AlsFactors;
import org.shardtrain.core.als.AlsParams;
import org.shardtrain.core.als.AlsPasses.Side;
import org.shardtrain.core.als.RatingErrors;
import org.shardtrain.core.io.BadRecordPolicy;
import org.shardtrain.core.io.RecordFormat;
import org.shardtrain.core.loop.TrainingState;
import org.shardtrain.core.param.Param;
import org.shardtrain.core.param.ResolvedParams;
import org.shardtrain.core.param.RunParams;
import org.shardtrain.formats.AlsValue;
import org.shardtrain.formats.AvroFiles;
import org.shardtrain.formats.FactorFolders;
import org.shardtrain.formats.FsCheckpointStore;
import org.shardtrain.formats.Version;
import org.shardtrain.formats.avro.AlsModel;
import org.shardtrain.formats.avro.AlsState;
import org.shardtrain.formats.avro.Factor;
import org.shardtrain.host.engine.AlsEngine;
import org.shardtrain.host.engine.TrainingEngine;

/** {@code shardtrain als}: matrix factorisation by alternating least squares, on MapReduce or the YARN engine. */
public final class AlsTool extends TrainingProgram {
  @Override public String name() { return "als"; }

  @Override public int listOrder() { return 40; }

  @Override
  public String summary() {
    return "Factorise a ratings matrix by ALS (explicit, or implicit feedback), with test RMSE.";
  }

  @Override
  protected List<List<Param<?>>> parameters() { return List.of(RunParams.readingFormats(RecordFormat.CSV, RecordFormat.TSV, RecordFormat.AVRO), AlsParams.ALL); }

  @Override
  protected int train(Training t) throws Exception {
    ResolvedParams p = t.params();
    Configuration conf = t.conf();
    TrainingEngine engine = t.engine();
    AlsParams params = AlsParams.from(p);
    String inputs = p.get(RunParams.INPUT);
    org.shardtrain.formats.PointSources.listDataFiles(conf, inputs);
    if (params.testInput() != null) org.shardtrain.formats.PointSources.listDataFiles(conf, params.testInput());
    // Checked before the output is created, so a wrong --initial-model leaves nothing behind.
    Path warmItems = p.get(AlsParams.INITIAL_MODEL) == null ? null : initialItems(conf, p.get(AlsParams.INITIAL_MODEL), params.rank());
    TrainingRun run = new TrainingRun(conf, p, inputs + (params.testInput() == null ? "" : "," + params.testInput()), engine, err);
    RunOutput output = run.output();
    // The factor folders by their paths relative to the checkpoints (they live beside them): a moved run resumes.
    Path cps = run.checkpointDir();
    FsCheckpointStore<AlsFactors> store = run.checkpointStore("als",
        f -> new AlsState(FsCheckpointStore.relativeTo(conf, cps, f.users()), FsCheckpointStore.relativeTo(conf, cps, f.items())),
        a -> new AlsFactors(FsCheckpointStore.resolveAgainst(cps, ((AlsState) a).getUsers()),
            FsCheckpointStore.resolveAgainst(cps, ((AlsState) a).getItems())))
        .referencedFolders(f -> java.util.Arrays.asList(f.users(), f.items()));

    AlsEngine passes = engine.als(conf, output.workDir(), run.checkpointDir(), output.rejectsDir());
    AlsEngine.Prepared prepared = run.beforeLoop(() -> {
      AlsEngine.Prepared ready = passes.prepare(inputs, params.testInput());
      if (ready.trainRatings() == 0) throw new IllegalArgumentException("the input holds no training ratings");
      return ready;
    });
    Progress progress = progress(p, params.maxIterations(), "train_rmse", record -> String.format(java.util.Locale.ROOT,
        "als iteration %d: %s%.2f s", record.iteration(), record.metrics().containsKey("train_rmse")
            ? String.format(java.util.Locale.ROOT, "train RMSE %.4f, ", record.metrics().get("train_rmse")) : "",
        record.seconds()));
    AlsAlgorithm algorithm = new AlsAlgorithm(params, passes);
    if (warmItems != null) {
      // The previous model's item factors as the folder iteration 1 reads (iteration 0's: kept and pruned
      // with checkpoint 0, like any iteration's factors).
      Path folder = FactorFolders.items(run.checkpointDir(), 0);
      FileSystem fs = folder.getFileSystem(conf);
      if (!p.get(RunParams.RESUME) || !fs.exists(folder)) {
        fs.delete(folder, true);
      readFactors(conf, warmItems, folder);
      }
      algorithm.startingFrom(folder.toString());
    }
    TrainingState<AlsFactors> state = run.run(algorithm, store, params.maxIterations(),
        engine.listener(params.maxIterations(), progress));
    progress.finish();
    if (state.model().users() == null) throw new IllegalArgumentException("--max-iter 0 trains no factors");

    Map<String, Object> metrics = Metrics.training("als", state);
    if (!params.implicit() && !state.history().isEmpty()) {
      metrics.put("train_rmse", state.history().get(state.history().size() - 1).metrics().get("train_rmse"));
    }
    if (passes.hasTestRatings()) {
      RatingErrors test = passes.evaluate(state.model(), prepared.trainMean(), params.coldStart());
      metrics.put("test_rmse", test.rmse());
      metrics.put("test_ratings", test.ratings());
      metrics.put("test_cold_ratings", test.cold());
      metrics.put("test_cold_dropped", test.dropped());
      metrics.put("cold_start", AlsParams.COLD_START.format(params.coldStart()));
    }
    long users = writeFactors(conf, new Path(state.model().users()), FactorFolders.modelFile(output.modelDir(), Side.USERS));
    long items = writeFactors(conf, new Path(state.model().items()), FactorFolders.modelFile(output.modelDir(), Side.ITEMS));
    AvroFiles.writeAtomically(conf, output.modelFile(), AlsModel.newBuilder().setRank(params.rank())
        .setImplicit(params.implicit()).setUsers(users).setItems(items).setTrainingMean(prepared.trainMean())
        .setParams(p.asConfiguration()).setShardtrainVersion(Version.get()).build());
    metrics.put("records", prepared.records());
    metrics.put("bad_records", p.get(RunParams.ON_BAD_RECORD) == BadRecordPolicy.SKIP ? prepared.badRecords() : 0L);
    metrics.put("train_ratings", prepared.trainRatings());
    metrics.put("users", users);
    metrics.put("items", items);
    metrics.put("rank", params.rank());
    finish(t, run, metrics);

    out.printf("als: %d iterations, %d users x %d items%s%n", state.iteration(), users, items,
        metrics.containsKey("test_rmse") ? String.format(", test RMSE %.4f", (Double) metrics.get("test_rmse")) : "");
    printLocations(run);
    return run.exitCode(name(), state, false); // ALS, as Spark's, runs --max-iter iterations: no convergence test
  }

  /** The items.avro of the ALS model at {@code given} (output, model folder or registry), after checking its rank. */
  private static Path initialItems(Configuration conf, String given, int rank) throws IOException {
    Path modelFile = ModelFiles.locate(conf, given, "AlsModel", "an ALS model");
    AlsModel model = AvroFiles.readSingle(conf, modelFile, AlsModel.class);
    if (model.getRank() != rank) {
      throw new IllegalArgumentException("the initial model has rank " + model.getRank() + "; this run has --rank " + rank);
    }
    return FactorFolders.modelFile(modelFile.getParent(), Side.ITEMS);
  }

  /** Copies an Avro file of Factor records into a factor folder (one SequenceFile) the jobs read. */
  public static void readFactors(Configuration conf, Path avro, Path folder) throws IOException {
    FileSystem fs = folder.getFileSystem(conf);
    fs.mkdirs(folder);
    Text id = new Text();
    AlsValue v = new AlsValue();
    try (org.apache.avro.file.DataFileReader<Factor> in = new org.apache.avro.file.DataFileReader<>(
             new org.shardtrain.formats.HadoopSeekableInput(avro, conf),
             new org.apache.avro.specific.SpecificDatumReader<>(Factor.class));
         SequenceFile.Writer out = AlsValue.factorPartWriter(conf, FactorFolders.singlePart(folder))) {
      for (Factor f : in) {
        double[] x = new double[f.getFactors().size()];
        for (int i = 0; i < x.length; i++) x[i] = f.getFactors().get(i);
        id.set(f.getId());
        out.append(id, v.factor(x, x.length));
      }
    }
  }

  /** Copies a factor folder (SequenceFiles) into one Avro file of Factor records; returns the count. */
  private static long writeFactors(Configuration conf, Path from, Path to) throws IOException {
    FileSystem fs = from.getFileSystem(conf);
    FileStatus[] parts = fs.globStatus(FactorFolders.parts(from));
    Path tmp = new Path(to.getParent(), "_tmp." + to.getName());
    fs.mkdirs(to.getParent());
    long n = 0;
    try (OutputStream out = fs.create(tmp, true);
         DataFileWriter<Factor> writer = new DataFileWriter<>(new SpecificDatumWriter<>(Factor.class))) {
      writer.setCodec(CodecFactory.snappyCodec());
      writer.create(Factor.getClassSchema(), out);
      Text id = new Text();
      AlsValue v = new AlsValue();
      for (FileStatus part : parts) {
        try (SequenceFile.Reader r = new SequenceFile.Reader(conf, SequenceFile.Reader.file(part.getPath()))) {
          while (r.next(id, v)) {
            List<Double> f = new ArrayList<>(v.size());
            for (int i = 0; i < v.size(); i++) f.add(v.vector()[i]);
            writer.append(new Factor(id.toString(), f));
            n++;
          }
        }
      }
    }
    fs.delete(to, false);
    if (!fs.rename(tmp, to)) throw new IOException("cannot rename " + tmp + " to " + to);
    return n;
  }
}
