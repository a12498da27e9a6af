package org.shardtrain.mapreduce.program;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.io.BadRecordPolicy;
import org.shardtrain.core.io.Json;
import org.shardtrain.core.kmeans.KMeansModel;
import org.shardtrain.core.kmeans.KMeansParams;
import org.shardtrain.core.kmeans.KMeansStats;
import org.shardtrain.core.param.Param;
import org.shardtrain.core.param.ProgramParams;
import org.shardtrain.core.param.ResolvedParams;
import org.shardtrain.core.param.RunParams;
import org.shardtrain.formats.AvroFiles;
import org.shardtrain.formats.KMeansModelCodec;
import org.shardtrain.mapreduce.kmeans.MapReduceKMeansPasses;

/** {@code shardtrain evaluate}: the metrics of a trained model on any data, in the metrics.json vocabulary. */
public final class EvaluateTool extends ProgramTool {
  @Override public String name() { return "evaluate"; }

  /** An ALS model on ratings: RMSE, with cold users and items handled as the model's training chose. */
  private int evaluateAls(Configuration conf, ResolvedParams p, Path modelPath) throws Exception {
    org.shardtrain.formats.avro.AlsModel model =
        AvroFiles.readSingle(conf, modelPath, org.shardtrain.formats.avro.AlsModel.class);
    if (p.get(RunParams.FORMAT) == org.shardtrain.core.io.RecordFormat.LIBSVM) {
      throw new IllegalArgumentException("ALS models are evaluated on ratings: --format avro, tsv or csv");
    }
    model.getParams().forEach((key, value) -> {
      if (key.startsWith("shardtrain.als.") && conf.get(key) == null) conf.set(key, value);
    });
    String inputs = p.get(RunParams.INPUT);
    org.shardtrain.formats.PointSources.listDataFiles(conf, inputs);
    String outputDir = p.get(ProgramParams.METRICS_OUTPUT);
    RunOutput output = outputDir == null ? null : new RunOutput(conf, outputDir);
    if (output != null) output.prepare(conf, inputs, p.get(RunParams.OVERWRITE), false);
    Path work = output != null ? output.workDir()
        : new Path(conf.get("hadoop.tmp.dir", "/tmp"), "shardtrain-evaluate-" + UUID.randomUUID());
    Path rejects = output != null ? output.rejectsDir() : new Path(work, "rejects");
    Path modelDir = modelPath.getParent();
    double[] stats;
    long records;
    org.shardtrain.mapreduce.als.MapReduceAlsPasses passes =
        new org.shardtrain.mapreduce.als.MapReduceAlsPasses(conf, work, work, rejects);
    try {
      AlsTool.readFactors(conf, new Path(modelDir, "users.avro"), new Path(work, "users"));
      AlsTool.readFactors(conf, new Path(modelDir, "items.avro"), new Path(work, "items"));
      records = passes.prepareTestOnly(inputs);
      stats = passes.evaluate(new org.shardtrain.core.als.AlsFactors(new Path(work, "users").toString(),
          new Path(work, "items").toString()), model.getTrainingMean());
    } finally {
      work.getFileSystem(conf).delete(work, true);
    }
    Map<String, Object> metrics = Json.object();
    metrics.put("algorithm", "als");
    metrics.put("model", modelPath.toString());
    metrics.put("input", inputs);
    metrics.put("test_rmse", stats[0] == 0 ? Double.NaN : Math.sqrt(stats[1] / stats[0]));
    metrics.put("test_ratings", (long) stats[0]);
    metrics.put("test_cold_ratings", (long) stats[2]);
    metrics.put("test_cold_dropped", (long) stats[3]);
    metrics.put("cold_start", conf.get(org.shardtrain.core.als.AlsParams.COLD_START.key(), "drop"));
    metrics.put("records", records);
    metrics.put("bad_records", p.get(RunParams.ON_BAD_RECORD) == BadRecordPolicy.SKIP ? passes.badRecords() : 0L);
    String json = Json.write(metrics);
    out.print(json);
    if (output != null) {
      output.writeText(output.metricsFile(), json);
      err.println("metrics: " + output.metricsFile());
    }
    return OK;
  }

  /** A linear model on labelled examples: the test metrics of its loss over all of the input. */
  private int evaluateLinear(Configuration conf, ResolvedParams p, Path modelPath) throws Exception {
    org.shardtrain.core.sgd.LinearModel model = ModelFiles.readLinear(conf, modelPath.toString());
    if (p.get(RunParams.FORMAT) == org.shardtrain.core.io.RecordFormat.CSV
        || p.get(RunParams.FORMAT) == org.shardtrain.core.io.RecordFormat.TSV) {
      throw new IllegalArgumentException("linear models are evaluated on --format libsvm or avro examples");
    }
    String inputs = p.get(RunParams.INPUT);
    org.shardtrain.formats.PointSources.listDataFiles(conf, inputs);
    String outputDir = p.get(ProgramParams.METRICS_OUTPUT);
    RunOutput output = outputDir == null ? null : new RunOutput(conf, outputDir);
    if (output != null) output.prepare(conf, inputs, p.get(RunParams.OVERWRITE), false);
    Path work = output != null ? output.workDir()
        : new Path(conf.get("hadoop.tmp.dir", "/tmp"), "shardtrain-evaluate-" + UUID.randomUUID());
    Path rejects = output != null ? output.rejectsDir() : new Path(work, "rejects");
    org.shardtrain.mapreduce.sgd.MapReduceSgdPasses passes =
        new org.shardtrain.mapreduce.sgd.MapReduceSgdPasses(conf, inputs, null, work, rejects);
    org.shardtrain.core.sgd.EvalStats stats;
    try {
      stats = passes.evaluateAll(model);
    } finally {
      work.getFileSystem(conf).delete(work, true);
    }
    Map<String, Object> metrics = Json.object();
    metrics.put("algorithm", "sgd");
    metrics.put("model", modelPath.toString());
    metrics.put("input", inputs);
    metrics.put("loss", model.loss().name().toLowerCase(java.util.Locale.ROOT));
    SgdMetrics.put(metrics, "test_", model.loss(), stats);
    metrics.put("records", stats.count());
    metrics.put("bad_records", p.get(RunParams.ON_BAD_RECORD) == BadRecordPolicy.SKIP ? passes.badRecords() : 0L);
    String json = Json.write(metrics);
    out.print(json);
    if (output != null) {
      output.writeText(output.metricsFile(), json);
      err.println("metrics: " + output.metricsFile());
    }
    return OK;
  }

  @Override
  public String summary() {
    return "Compute a model's metrics on any input (k-means: wssse; als: RMSE; sgd: accuracy/log loss/AUC or RMSE/R2).";
  }

  @Override
  protected List<List<Param<?>>> parameters() {
    return List.of(List.of(ProgramParams.MODEL, RunParams.INPUT, RunParams.FORMAT, RunParams.ON_BAD_RECORD,
        ProgramParams.METRICS_OUTPUT, RunParams.OVERWRITE, org.shardtrain.core.als.AlsParams.COLD_START));
  }

  @Override
  protected int execute(ResolvedParams p) throws Exception {
    Configuration conf = new Configuration(getConf());
    p.asConfiguration().forEach(conf::set);
    Path modelPath = ModelFiles.locate(conf, p.get(ProgramParams.MODEL));
    String kind = ModelFiles.kind(conf, modelPath);
    if (kind.equals("LinearModel")) return evaluateLinear(conf, p, modelPath);
    if (kind.equals("AlsModel")) return evaluateAls(conf, p, modelPath);
    if (!kind.equals("KMeansModel")) throw new IllegalArgumentException(modelPath + " holds a " + kind + ", not a model");
    org.shardtrain.formats.avro.KMeansModel avro =
        AvroFiles.readSingle(conf, modelPath, org.shardtrain.formats.avro.KMeansModel.class);
    KMeansModel model = KMeansModelCodec.fromAvro(avro);
    conf.set(KMeansParams.DISTANCE.key(), KMeansParams.DISTANCE.format(model.measure()));

    String inputs = p.get(RunParams.INPUT);
    int dimension = InputProbe.dimension(conf, inputs, p.get(RunParams.FORMAT), p.get(RunParams.ON_BAD_RECORD));
    if (dimension != model.dimension()) {
      throw new IllegalArgumentException("input " + inputs + " has " + dimension + " values per point, the model "
          + modelPath + " has dimension " + model.dimension());
    }
    String outputDir = p.get(ProgramParams.METRICS_OUTPUT);
    RunOutput output = null;
    Path work;
    if (outputDir != null) {
      output = new RunOutput(conf, outputDir);
      output.prepare(conf, inputs, p.get(RunParams.OVERWRITE), false);
      work = output.workDir();
    } else {
      work = new Path(conf.get("hadoop.tmp.dir", "/tmp"), "shardtrain-evaluate-" + UUID.randomUUID());
    }
    Path rejects = output != null ? output.rejectsDir() : new Path(work, "rejects");
    MapReduceKMeansPasses passes = new MapReduceKMeansPasses(conf, inputs, work, rejects, dimension,
        model.measure(), 0L);
    KMeansStats stats;
    try {
      stats = passes.evaluate(model);
    } finally {
      work.getFileSystem(conf).delete(work, true);
    }

    Map<String, Object> metrics = Json.object();
    metrics.put("algorithm", "kmeans");
    metrics.put("model", modelPath.toString());
    metrics.put("input", inputs);
    metrics.put("wssse", stats.totalCost());
    metrics.put("records", stats.totalCount());
    metrics.put("bad_records", p.get(RunParams.ON_BAD_RECORD) == BadRecordPolicy.SKIP ? passes.badRecords() : 0L);
    metrics.put("k", model.k());
    metrics.put("dimension", model.dimension());
    metrics.put("distance", avro.getDistance());
    long[] sizes = new long[model.k()];
    for (int j = 0; j < sizes.length; j++) sizes[j] = stats.count(j);
    metrics.put("cluster_sizes", Metrics.list(sizes));
    String json = Json.write(metrics);
    out.print(json);
    if (output != null) {
      output.writeText(output.metricsFile(), json);
      err.println("metrics: " + output.metricsFile());
    }
    return OK;
  }
}
