package org.shardtrain.host.program;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.param.Param;
import org.shardtrain.core.param.ResolvedParams;

/**
 * {@code shardtrain publish}: copies a trained model into a registry only when its metric is at least as good
 * as the published one's, and only against a model of the same kind and shape judged by the same metric.
 * The registry is a directory holding {@code models/<millis>/} (each publication's own copy of the run's
 * model/ folder, never changed), {@code current.properties} (model, its fingerprint, algorithm, shape, metric,
 * value, run, time), replaced atomically, and one {@code published-<millis>.properties} per publication. With
 * {@code --check} it only compares. Either way it prints, and gives an Oozie action, {@code better},
 * {@code published}, {@code metric}, {@code value} and {@code previous_value}.
 */
public final class PublishTool extends ProgramTool {
  public enum Direction { LOWER, HIGHER }

  /** Metrics shardtrain writes, the order a default is picked in, and which way is better. */
  static final Map<String, Direction> KNOWN = new java.util.LinkedHashMap<>();
  static {
    for (String m : List.of("auc", "test_auc", "accuracy", "test_accuracy", "r2", "test_r2")) KNOWN.put(m, Direction.HIGHER);
    for (String m : List.of("rmse", "test_rmse", "log_loss", "test_log_loss", "wssse", "train_rmse")) KNOWN.put(m, Direction.LOWER);
  }

  static final Param<String> RUN = Param.pathParam("run", "shardtrain.publish.run").required()
      .describe("the training output to publish (its model/ directory is what gets published)").build();
  static final Param<String> METRICS = Param.pathParam("metrics", "shardtrain.publish.metrics").optional()
      .describe("metrics.json to judge the model by (an evaluation's; default <run>/metrics.json)").build();
  static final Param<String> METRIC = Param.stringParam("metric", "shardtrain.publish.metric").optional()
      .describe("the metric compared (default: the first of " + String.join(", ", KNOWN.keySet()) + " present)").build();
  static final Param<Direction> BETTER = Param.enumParam("better", "shardtrain.publish.better", Direction.class)
      .optional().describe("which way the metric improves (default known for shardtrain's metrics)").build();
  static final Param<String> REGISTRY = Param.pathParam("registry", "shardtrain.publish.registry").required()
      .describe("directory of the published model pointer (current.properties) and its history").build();
  static final Param<Boolean> CHECK = Param.flag("check", "shardtrain.publish.check")
      .describe("only compare with the published model; change nothing").build();

  @Override public String name() { return "publish"; }

  @Override public int listOrder() { return 90; }

  @Override
  public String summary() {
    return "Publish a trained model's path to a registry if its metric is at least as good as the published one's.";
  }

  @Override
  protected List<List<Param<?>>> parameters() { return List.of(List.of(RUN, METRICS, METRIC, BETTER, REGISTRY, CHECK)); }

  @Override
  protected int execute(ResolvedParams p) throws Exception {
    Configuration conf = getConf();
    Path run = qualify(conf, new Path(p.get(RUN)));
    Path model = new Path(run, "model");
    Path metricsFile = p.get(METRICS) != null ? qualify(conf, new Path(p.get(METRICS))) : new Path(run, "metrics.json");
    FileSystem fs = run.getFileSystem(conf);
    if (!fs.exists(model)) throw new java.io.FileNotFoundException("no model at " + model + " (is --run a training output?)");
    Path registry = qualify(conf, new Path(p.get(REGISTRY)));
    Path current = new Path(registry, "current.properties");
    Properties previous = read(conf, current);
    Path modelFile = ModelFiles.locate(conf, model.toString());
    String kind = ModelFiles.kind(conf, modelFile);
    String shape = ModelFiles.shape(conf, modelFile);
    if (previous != null) refuseOtherKind(previous, registry, run, kind, shape);
    JsonNode metrics = RunOutput.readMetrics(conf, metricsFile);

    String metric = p.get(METRIC);
    if (metric == null) {
      metric = KNOWN.keySet().stream().filter(metrics::has).findFirst().orElseThrow(() -> new IllegalArgumentException(
          metricsFile + " has none of " + KNOWN.keySet() + "; name one with --metric"));
    }
    if (!metrics.has(metric) || !metrics.get(metric).isNumber()) {
      throw new IllegalArgumentException(metricsFile + " has no numeric " + metric);
    }
    Direction better = p.get(BETTER) != null ? p.get(BETTER) : KNOWN.get(metric);
    if (better == null) throw new IllegalArgumentException("say which way " + metric + " improves: --better lower|higher");
    double value = metrics.get(metric).asDouble();

    Double previousValue = null;
    if (previous != null) {
      refuseOtherMetric(previous, registry, metric);
      previousValue = Double.valueOf(previous.getProperty("value"));
    }
    boolean atLeastAsGood = previousValue == null
        || (better == Direction.LOWER ? value <= previousValue : value >= previousValue);
    boolean publish = atLeastAsGood && !p.get(CHECK);
    String publishedModel = model.toString();
    if (publish) {
      long now = System.currentTimeMillis();
      // The registry's own copy: the run folder may be rerun into or deleted without touching what is served.
      Path copy = Publication.copy(conf, model, registry, now);
      Properties record = new Properties();
      record.setProperty("model", copy.toString());
      record.setProperty(Publication.FINGERPRINT, Publication.fingerprint(copy.getFileSystem(conf), copy));
      record.setProperty(Publication.ALGORITHM, kind);
      record.setProperty(Publication.SHAPE, shape);
      record.setProperty("run", run.toString());
      record.setProperty("metric", metric);
      record.setProperty("value", Double.toString(value));
      record.setProperty("published_millis", Long.toString(now));
      write(conf, new Path(registry, "published-" + now + ".properties"), record);
      write(conf, current, record);
      publishedModel = copy.toString();
    }
    actionOutput.put("better", Boolean.toString(atLeastAsGood));
    actionOutput.put("published", Boolean.toString(publish));
    actionOutput.put("metric", metric);
    actionOutput.put("value", Double.toString(value));
    actionOutput.put("previous_value", previousValue == null ? "" : previousValue.toString());
    actionOutput.put("published_model", publish ? publishedModel : previous == null ? "" : previous.getProperty("model", ""));
    String comparison = metric + " " + value + (previousValue == null ? ", nothing published before"
        : (atLeastAsGood ? " is at least as good as " : " is worse than ") + "the published " + previousValue);
    out.println((publish ? "published " + model + " as " + publishedModel : p.get(CHECK) && atLeastAsGood ? "would publish " + model
        : "kept the published model") + " (" + comparison + ")");
    return OK;
  }

  /**
   * Metrics compare only between models of one kind and shape, judged by one metric: a k = 1 model's WSSSE
   * of 1.0 is not "better" than a k = 3 model's 78.86. (Registries written before kinds were recorded say
   * nothing of theirs and are compared as before.)
   */
  private static void refuseOtherKind(Properties previous, Path registry, Path run, String kind, String shape) {
    String theirKind = previous.getProperty(Publication.ALGORITHM);
    String theirShape = previous.getProperty(Publication.SHAPE);
    if (theirKind != null && (!theirKind.equals(kind) || !theirShape.equals(shape))) {
      throw new IllegalArgumentException("the registry " + registry + " publishes a " + theirKind + " (" + theirShape
          + "); the run " + run + " holds a " + kind + " (" + shape + "), which cannot be compared with it: "
          + "publish it to another --registry");
    }
  }

  private static void refuseOtherMetric(Properties previous, Path registry, String metric) {
    if (!metric.equals(previous.getProperty("metric"))) {
      throw new IllegalArgumentException("the model published in " + registry + " was judged by "
          + previous.getProperty("metric") + ", not " + metric + "; compare with --metric "
          + previous.getProperty("metric"));
    }
  }

  private static Path qualify(Configuration conf, Path p) throws IOException {
    return p.getFileSystem(conf).makeQualified(p);
  }

  private static Properties read(Configuration conf, Path file) throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    if (!fs.exists(file)) return null;
    Properties p = new Properties();
    try (InputStream in = fs.open(file)) {
      p.load(in);
    }
    return p;
  }

  private static void write(Configuration conf, Path file, Properties p) throws IOException {
    java.io.StringWriter text = new java.io.StringWriter();
    p.store(text, "shardtrain publish");
    RunOutput.writeText(file.getFileSystem(conf), file, text.toString());
  }
}
