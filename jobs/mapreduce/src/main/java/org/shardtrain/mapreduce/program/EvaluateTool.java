package org.shardtrain.mapreduce.program;

import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.als.AlsFactors;
import org.shardtrain.core.als.AlsParams;
import org.shardtrain.core.als.AlsPasses;
import org.shardtrain.core.als.RatingErrors;
import org.shardtrain.core.io.RecordFormat;
import org.shardtrain.core.kmeans.KMeansModel;
import org.shardtrain.core.kmeans.KMeansParams;
import org.shardtrain.core.kmeans.KMeansStats;
import org.shardtrain.core.param.Param;
import org.shardtrain.core.param.ProgramParams;
import org.shardtrain.core.param.ResolvedParams;
import org.shardtrain.core.param.RunParams;
import org.shardtrain.core.sgd.EvalStats;
import org.shardtrain.core.sgd.LinearModel;
import org.shardtrain.formats.AvroFiles;
import org.shardtrain.formats.FactorFolders;
import org.shardtrain.formats.KMeansModelCodec;
import org.shardtrain.host.program.AlsTool;
import org.shardtrain.host.program.EvaluationRun;
import org.shardtrain.host.program.InputProbe;
import org.shardtrain.host.program.Metrics;
import org.shardtrain.host.program.ModelFiles;
import org.shardtrain.host.program.ProgramTool;
import org.shardtrain.host.program.SgdMetrics;
import org.shardtrain.mapreduce.als.MapReduceAlsPasses;
import org.shardtrain.mapreduce.kmeans.MapReduceKMeansPasses;
import org.shardtrain.mapreduce.sgd.MapReduceSgdPasses;

/**
 * {@code shardtrain evaluate}: the metrics of any trained model on any data, in the metrics.json
 * vocabulary of its algorithm (the model file's Avro record says which).
 */
public final class EvaluateTool extends ProgramTool {
  @Override public String name() { return "evaluate"; }

  @Override public int listOrder() { return 50; }

  @Override
  public String summary() {
    return "Compute a model's metrics on any input (k-means: wssse; als: RMSE; sgd: accuracy/log loss/AUC or RMSE/R2).";
  }

  @Override
  protected List<List<Param<?>>> parameters() {
    return List.of(List.of(ProgramParams.MODEL, RunParams.INPUT, RunParams.FORMAT, RunParams.ON_BAD_RECORD,
        ProgramParams.METRICS_OUTPUT, RunParams.OVERWRITE, AlsParams.COLD_START));
  }

  @Override
  protected int execute(ResolvedParams p) throws Exception {
    Configuration conf = new Configuration(getConf());
    p.asConfiguration().forEach(conf::set);
    Path modelPath = ModelFiles.locate(conf, p.get(ProgramParams.MODEL));
    String kind = ModelFiles.kind(conf, modelPath);
    Map<String, Object> metrics;
    try (EvaluationRun run = new EvaluationRun(conf, p, modelPath)) {
      metrics = switch (kind) {
        case "KMeansModel" -> kmeans(conf, p, modelPath, run);
        case "LinearModel" -> linear(conf, p, modelPath, run);
        case "AlsModel" -> als(conf, p, modelPath, run);
        default -> throw new IllegalArgumentException(modelPath + " holds a " + kind + ", not a model");
      };
      run.finish(metrics, out, err);
    }
    return OK;
  }

  private static Map<String, Object> kmeans(Configuration conf, ResolvedParams p, Path modelPath, EvaluationRun run)
      throws Exception {
    org.shardtrain.formats.avro.KMeansModel avro =
        AvroFiles.readSingle(conf, modelPath, org.shardtrain.formats.avro.KMeansModel.class);
    KMeansModel model = KMeansModelCodec.fromAvro(avro);
    KMeansParams.DISTANCE.write(conf::set, model.measure());
    int dimension = InputProbe.dimension(conf, run.inputs(), p.get(RunParams.FORMAT), p.get(RunParams.ON_BAD_RECORD));
    if (dimension != model.dimension()) {
      throw new IllegalArgumentException("input " + run.inputs() + " has " + dimension + " values per point, the model "
          + modelPath + " has dimension " + model.dimension());
    }
    MapReduceKMeansPasses passes = new MapReduceKMeansPasses(conf, run.inputs(), run.work(), run.rejects(), dimension,
        model.measure(), 0L);
    KMeansStats stats = passes.evaluate(model);
    Map<String, Object> m = run.metrics("kmeans", modelPath);
    m.put("wssse", stats.totalCost());
    m.put("records", stats.totalCount());
    m.put("bad_records", run.badRecords(passes.badRecords()));
    m.put("k", model.k());
    m.put("dimension", model.dimension());
    m.put("distance", avro.getDistance());
    long[] sizes = new long[model.k()];
    for (int j = 0; j < sizes.length; j++) sizes[j] = stats.count(j);
    m.put("cluster_sizes", Metrics.list(sizes));
    return m;
  }

  private static Map<String, Object> linear(Configuration conf, ResolvedParams p, Path modelPath, EvaluationRun run)
      throws Exception {
    LinearModel model = ModelFiles.readLinear(conf, modelPath.toString());
    RecordFormat format = p.get(RunParams.FORMAT);
    if (format == RecordFormat.CSV || format == RecordFormat.TSV) {
      throw new IllegalArgumentException("linear models are evaluated on --format libsvm or avro examples");
    }
    MapReduceSgdPasses passes = new MapReduceSgdPasses(conf, run.inputs(), null, run.work(), run.rejects());
    EvalStats stats = passes.evaluateAll(model);
    Map<String, Object> m = run.metrics("sgd", modelPath);
    m.put("loss", model.loss().name().toLowerCase(java.util.Locale.ROOT));
    SgdMetrics.put(m, "test_", model.loss(), stats);
    if (model.classes() != null) m.put("classes", java.util.Arrays.stream(model.classes().labels()).boxed().toList());
    m.put("records", stats.count());
    m.put("bad_records", run.badRecords(passes.badRecords()));
    return m;
  }

  private static Map<String, Object> als(Configuration conf, ResolvedParams p, Path modelPath, EvaluationRun run)
      throws Exception {
    org.shardtrain.formats.avro.AlsModel model =
        AvroFiles.readSingle(conf, modelPath, org.shardtrain.formats.avro.AlsModel.class);
    if (p.get(RunParams.FORMAT) == RecordFormat.LIBSVM) {
      throw new IllegalArgumentException("ALS models are evaluated on ratings: --format avro, tsv or csv");
    }
    // The model's own ALS parameters (rank, implicit, cold start...), unless this run sets them.
    for (Param<?> declared : AlsParams.ALL) {
      String recorded = model.getParams().get(declared.key());
      if (recorded != null && declared.readIfSet(conf::get) == null) conf.set(declared.key(), recorded);
    }
    Path users = new Path(run.work(), "users");
    Path items = new Path(run.work(), "items");
    AlsTool.readFactors(conf, FactorFolders.modelFile(modelPath.getParent(), AlsPasses.Side.USERS), users);
    AlsTool.readFactors(conf, FactorFolders.modelFile(modelPath.getParent(), AlsPasses.Side.ITEMS), items);
    MapReduceAlsPasses passes = new MapReduceAlsPasses(conf, run.work(), run.work(), run.rejects());
    long records = passes.prepareTestOnly(run.inputs());
    AlsParams.ColdStart coldStart = p.get(AlsParams.COLD_START);
    RatingErrors errors = passes.evaluate(new AlsFactors(users.toString(), items.toString()), model.getTrainingMean(),
        coldStart);
    Map<String, Object> m = run.metrics("als", modelPath);
    m.put("test_rmse", errors.rmse());
    m.put("test_ratings", errors.ratings());
    m.put("test_cold_ratings", errors.cold());
    m.put("test_cold_dropped", errors.dropped());
    m.put("cold_start", AlsParams.COLD_START.format(coldStart));
    m.put("records", records);
    m.put("bad_records", run.badRecords(passes.badRecords()));
    return m;
  }
}
