package org.shardtrain.host.program;

import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.shardtrain.core.io.BadRecordPolicy;
import org.shardtrain.core.io.RecordFormat;
import org.shardtrain.core.kmeans.KMeansAlgorithm;
import org.shardtrain.core.kmeans.KMeansModel;
import org.shardtrain.core.kmeans.KMeansParams;
import org.shardtrain.core.kmeans.KMeansStats;
import org.shardtrain.core.loop.TrainingState;
import org.shardtrain.core.param.Param;
import org.shardtrain.core.param.ResolvedParams;
import org.shardtrain.core.param.RunParams;
import org.shardtrain.formats.AvroFiles;
import org.shardtrain.formats.FsCheckpointStore;
import org.shardtrain.formats.KMeansModelCodec;
import org.shardtrain.host.engine.KMeansEngine;
import org.shardtrain.host.engine.TrainingEngine;

/** {@code shardtrain kmeans}: k-means as one MapReduce job per pass, or on the YARN engine; with checkpoints and resume. */
public final class KMeansTool extends TrainingProgram {
  /** Test hook: simulate a crash right after the checkpoint of this iteration is written. */
  public static final String FAIL_AFTER_ITERATION = TrainingRun.FAIL_AFTER_ITERATION;

  @Override public String name() { return "kmeans"; }

  @Override public int listOrder() { return 20; }

  @Override
  public String summary() {
    return "Train k-means (Lloyd's algorithm, k-means|| initialisation) with one MapReduce job per iteration (--engine mr) or on YARN workers that keep the points in memory (--engine yarn).";
  }

  @Override
  protected List<List<Param<?>>> parameters() { return List.of(POINT_FORMATS, KMeansParams.ALL); }

  /** Points: dense text or Avro; LIBSVM is for labelled examples (sgd). */
  static final List<Param<?>> POINT_FORMATS = RunParams.readingFormats(RecordFormat.CSV, RecordFormat.TSV, RecordFormat.AVRO);

  @Override
  protected int train(Training t) throws Exception {
    ResolvedParams p = t.params();
    Configuration conf = t.conf();
    TrainingEngine engine = t.engine();
    KMeansParams params = KMeansParams.from(p);
    String inputs = p.get(RunParams.INPUT);
    int dimension = InputProbe.dimension(conf, inputs, p.get(RunParams.FORMAT), p.get(RunParams.ON_BAD_RECORD));
    // Read (and checked) before the output is created, so a wrong --initial-model leaves nothing behind.
    KMeansModel initial = p.get(KMeansParams.INITIAL_MODEL) == null ? null
        : KMeansAlgorithm.checkWarmStart(params, dimension, ModelFiles.readKMeans(conf, p.get(KMeansParams.INITIAL_MODEL)));
    TrainingRun run = new TrainingRun(conf, p, inputs, engine, err);
    RunOutput output = run.output();
    Map<String, String> modelDefining = p.modelDefining();
    FsCheckpointStore<KMeansModel> store = run.checkpointStore("kmeans",
        m -> KMeansModelCodec.toAvro(m, null, modelDefining),
        a -> KMeansModelCodec.fromAvro((org.shardtrain.formats.avro.KMeansModel) a));

    KMeansEngine passes = engine.kmeans(conf, inputs, output.workDir(), output.rejectsDir(), dimension,
        params.distance(), params.seed());
    KMeansAlgorithm algorithm = new KMeansAlgorithm(params, dimension, passes);
    if (initial != null) algorithm.startingFrom(initial);
    Progress progress = progress(p, params.maxIterations(), "wssse", record -> String.format(java.util.Locale.ROOT,
        "kmeans iteration %d: wssse %.6g, largest move %.3g, %.2f s", record.iteration(), record.metrics().get("wssse"),
        record.metrics().get("max_move"), record.seconds()));
    TrainingState<KMeansModel> state = run.run(algorithm, store, params.maxIterations(),
        engine.listener(params.maxIterations(), progress));
    progress.finish();

    // The final metric is the cost of the model returned, so it takes one more pass.
    KMeansStats finalStats = algorithm.evaluate(state.model());
    long[] sizes = new long[state.model().k()];
    for (int j = 0; j < sizes.length; j++) sizes[j] = finalStats.count(j);
    AvroFiles.writeAtomically(conf, output.modelFile(), KMeansModelCodec.toAvro(state.model(), sizes, p.asConfiguration()));

    long badRecords = p.get(RunParams.ON_BAD_RECORD) == BadRecordPolicy.SKIP
        ? (passes.scanned() ? passes.badRecords() : Rejects.count(conf, output.rejectsDir())) : 0;
    Map<String, Object> metrics = Metrics.training("kmeans", state);
    metrics.put("wssse", finalStats.totalCost());
    metrics.put("records", finalStats.totalCount());
    metrics.put("bad_records", badRecords);
    metrics.put("k", params.k());
    metrics.put("dimension", dimension);
    metrics.put("distance", KMeansParams.DISTANCE.format(params.distance()));
    metrics.put("cluster_sizes", Metrics.list(sizes));
    finish(t, run, metrics);

    out.printf("kmeans: %s after %d iteration%s, wssse %.6g over %d points%s%n",
        state.converged() ? "converged" : "stopped", state.iteration(), state.iteration() == 1 ? "" : "s",
        finalStats.totalCost(),
        finalStats.totalCount(), badRecords > 0 ? " (" + badRecords + " bad records in " + output.rejectsDir() + ")" : "");
    printLocations(run);
    return run.exitCode(name(), state);
  }
}
