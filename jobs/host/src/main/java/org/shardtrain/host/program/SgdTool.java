package org.shardtrain.host.program;

import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.shardtrain.core.io.BadRecordPolicy;
import org.shardtrain.core.io.RecordFormat;
import org.shardtrain.core.loop.TrainingState;
import org.shardtrain.core.param.Param;
import org.shardtrain.core.param.ResolvedParams;
import org.shardtrain.core.param.RunParams;
import org.shardtrain.core.sgd.EvalStats;
import org.shardtrain.core.loop.IterativeAlgorithm;
import org.shardtrain.core.sgd.LinearModel;
import org.shardtrain.core.sgd.Optimizer;
import org.shardtrain.core.sgd.QuasiNewtonAlgorithm;
import org.shardtrain.core.sgd.SgdAlgorithm;
import org.shardtrain.core.sgd.SgdParams;
import org.shardtrain.core.sgd.SgdState;
import org.shardtrain.formats.AvroFiles;
import org.shardtrain.formats.FsCheckpointStore;
import org.shardtrain.formats.SgdCodec;
import org.shardtrain.host.engine.SgdEngine;
import org.shardtrain.host.engine.TrainingEngine;

/**
 * {@code shardtrain sgd}: linear models (logistic, least squares, hinge) on MapReduce or the YARN engine, by
 * SGD unless {@code --optimizer lbfgs}. {@link LinearTool} is the same trainer under the name of what it
 * trains, with L-BFGS as its default.
 */
public class SgdTool extends TrainingProgram {
  @Override public String name() { return "sgd"; }

  @Override public int listOrder() { return 30; }

  @Override
  public String summary() {
    return "Train a linear model (logistic, multinomial, squared or hinge loss) by SGD: gradient or model averaging over shards (--optimizer lbfgs: as linear).";
  }

  @Override
  protected List<List<Param<?>>> parameters() { return List.of(RunParams.readingFormats(RecordFormat.LIBSVM, RecordFormat.AVRO), SgdParams.ALL); }

  @Override
  protected int train(Training t) throws Exception {
    ResolvedParams p = t.params();
    Configuration conf = t.conf();
    TrainingEngine engine = t.engine();
    SgdParams params = SgdParams.from(p);
    String inputs = p.get(RunParams.INPUT);
    org.shardtrain.formats.PointSources.listDataFiles(conf, inputs); // a missing input fails here, in one line
    if (params.testInput() != null) org.shardtrain.formats.PointSources.listDataFiles(conf, params.testInput());
    LinearModel initial = params.initialModel() == null ? null : ModelFiles.readLinear(conf, params.initialModel());

    TrainingRun run = new TrainingRun(conf, p, inputs + (params.testInput() == null ? "" : "," + params.testInput()), engine, err);
    RunOutput output = run.output();
    FsCheckpointStore<SgdState> store = run.checkpointStore("sgd", SgdCodec::toAvro,
        a -> SgdCodec.fromAvro((org.shardtrain.formats.avro.SgdState) a));

    SgdEngine passes = engine.sgd(conf, inputs, params.testInput(), output.workDir(), output.rejectsDir());
    boolean lbfgs = params.optimizer() == Optimizer.LBFGS;
    IterativeAlgorithm<SgdState> algorithm = lbfgs ? new QuasiNewtonAlgorithm(params, passes, initial)
        : new SgdAlgorithm(params, passes, initial);
    Progress progress = progress(p, params.epochs(), lbfgs ? "objective" : "train_loss", record -> lbfgs
        ? String.format(java.util.Locale.ROOT, "%s iteration %d: objective %.10g, %.0f passes, %.2f s", name(),
            record.iteration(), record.metrics().get("objective"), record.metrics().get("passes"), record.seconds())
        : String.format(java.util.Locale.ROOT, "%s epoch %d: train loss %.6g, %.2f s", name(), record.iteration(),
            record.metrics().get("train_loss"), record.seconds()));
    TrainingState<SgdState> state = run.run(algorithm, store, params.epochs(), engine.listener(params.epochs(), progress));
    progress.finish();

    LinearModel model = state.model().toModel(params.loss());
    AvroFiles.writeAtomically(conf, output.modelFile(), SgdCodec.toAvro(model, p.asConfiguration()));
    Map<String, Object> metrics = Metrics.training(name(), state);
    EvalStats train = passes.evaluateTraining(model);
    SgdMetrics.put(metrics, "train_", params.loss(), train);
    boolean hasTest = params.testInput() != null || params.testFraction() > 0;
    EvalStats test = hasTest ? passes.evaluate(model) : null;
    if (test != null) SgdMetrics.put(metrics, "test_", params.loss(), test);
    long badRecords = p.get(RunParams.ON_BAD_RECORD) == BadRecordPolicy.SKIP
        ? (passes.scanned() ? passes.badRecords() : Rejects.count(conf, output.rejectsDir())) : 0;
    metrics.put("records", train.count() + (test != null && params.testInput() == null ? test.count() : 0));
    metrics.put("bad_records", badRecords);
    metrics.put("loss", SgdParams.LOSS.format(params.loss()));
    metrics.put("optimizer", SgdParams.OPTIMIZER.format(params.optimizer()) + (lbfgs && params.regularization().l1() > 0
        ? " (owl-qn)" : ""));
    if (!lbfgs) metrics.put("averaging", SgdParams.AVERAGING.format(params.averaging()));
    metrics.put("feature_count", model.featureCount());
    if (model.classes() != null) metrics.put("classes", java.util.Arrays.stream(model.classes().labels()).boxed().toList());
    metrics.put("nonzero_weights", model.nonZeroWeights());
    finish(t, run, metrics);

    out.printf("%s: %d %s, %s%n", name(), state.iteration(), lbfgs ? "iterations" : "epochs", SgdMetrics.summary(metrics));
    printLocations(run);
    return run.exitCode(name(), state);
  }
}
