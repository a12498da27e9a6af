package org.shardtrain.bench.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's table, from the runs scripts/bench.sh left in one results folder: Spark's result files
 * and shardtrain's metrics.json per engine. Prints Markdown and writes bench.md and bench.json beside them.
 *
 * <p>Per-iteration seconds: shardtrain's median of history[].seconds after the first (which on YARN also
 * loads the data into the workers); Spark's marginal cost per iteration after a warm-up fit.
 * Fit seconds: shardtrain's sum of history[].seconds (loading included), Spark's fit on cached data.
 * Passes (L-BFGS rows): Spark's jobs during the fit (one per loss-and-gradient evaluation, plus its summary
 * pass); shardtrain's history[].passes summed, plus its one scan pass (counts and scaling).
 * Peak memory: resident set (VmHWM) of every JVM of the run: Spark's one; the AM plus the workers on YARN;
 * the client with the local job runner's tasks for MapReduce.
 */
public final class BenchTable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BenchTable() {}

  public static void main(String[] argv) throws IOException {
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) args.put(argv[i].substring(2), argv[i + 1]);
    File dir = new File(args.get("results"));
    List<String> parts = List.of(args.getOrDefault("parts", "kmeans als logistic multinomial").trim().split("\\s+"));
    List<Map<String, Object>> rows = new ArrayList<>();
    List<String> checks = new ArrayList<>();

    if (parts.contains("kmeans")) kmeans(dir, rows, checks);
    if (parts.contains("als")) als(dir, rows, checks);
    if (parts.contains("logistic")) {
      logistic(dir, rows, checks, Double.parseDouble(args.getOrDefault("target-log-loss", "NaN")));
      logisticLbfgs(dir, rows, checks);
    }
    if (parts.contains("multinomial")) multinomial(dir, rows, checks);

    String machine = String.format("%s cores, %s", args.get("cores"), args.get("machine"));
    String md = markdown(rows, machine, args.get("size"), checks);
    System.out.print(md);
    Files.writeString(new File(dir, "bench.md").toPath(), md);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("size", args.get("size"));
    doc.put("cores", Integer.parseInt(args.get("cores")));
    doc.put("machine", args.get("machine"));
    doc.put("rows", rows);
    doc.put("targets", checks);
    JSON.enable(SerializationFeature.INDENT_OUTPUT).writeValue(new File(dir, "bench.json"), doc);
  }

  private static void kmeans(File dir, List<Map<String, Object>> rows, List<String> checks) throws IOException {
    JsonNode ks = read(dir, "kmeans-spark.json");
    rows.add(row("k-means", "Spark MLlib (mllib KMeans)", ks.get("per_iteration_seconds").asDouble(),
        ks.get("fit_seconds").asDouble(), ks.get("wall_seconds").asDouble(), ks.get("peak_rss_mb").asDouble(),
        "WSSSE", ks.get("wssse").asDouble(), ks.get("iterations").asInt()));
    for (String e : List.of("yarn", "mr")) {
      JsonNode m = read(dir, "kmeans-" + e + "/metrics.json");
      rows.add(shardtrain("k-means", e, m, "WSSSE", m.get("wssse").asDouble()));
    }
    ratio(rows, "k-means", "per_iteration_seconds");
    checks.add(check("k-means per iteration, YARN / Spark", rows, "k-means", "per_iteration_seconds", 0.1)
        + qualityCheck(rows, "k-means", "WSSSE", 0, "equal or lower WSSSE"));
  }

  private static void als(File dir, List<Map<String, Object>> rows, List<String> checks) throws IOException {
    JsonNode as = read(dir, "als-spark.json");
    rows.add(row("ALS", "Spark MLlib (ml ALS)", as.get("per_iteration_seconds").asDouble(), as.get("fit_seconds").asDouble(),
        as.get("wall_seconds").asDouble(), as.get("peak_rss_mb").asDouble(), "test RMSE", as.get("test_rmse").asDouble(),
        as.get("iterations").asInt()));
    for (String e : List.of("yarn", "mr")) {
      JsonNode m = read(dir, "als-" + e + "/metrics.json");
      rows.add(shardtrain("ALS", e, m, "test RMSE", m.get("test_rmse").asDouble()));
    }
    ratio(rows, "ALS", "per_iteration_seconds");
    checks.add(check("ALS per iteration, YARN / Spark", rows, "ALS", "per_iteration_seconds", 0.25)
        + qualityCheck(rows, "ALS", "test RMSE", 0.005, "test RMSE no worse than Spark's + 0.005"));
  }

  /** Spark's L-BFGS and mini-batch SGD; shardtrain's SGD run until its test log-loss is within 0.001 of L-BFGS's. */
  private static void logistic(File dir, List<Map<String, Object>> rows, List<String> checks, double target)
      throws IOException {
    JsonNode ls = read(dir, "logistic-spark.json");
    for (String opt : List.of("lbfgs", "sgd")) {
      JsonNode o = ls.get(opt);
      Map<String, Object> r = row("logistic", opt.equals("lbfgs") ? "Spark MLlib (ml L-BFGS)"
          : "Spark MLlib (mllib mini-batch SGD, fraction " + o.get("mini_batch_fraction").asDouble() + ")",
          Double.NaN, o.get("fit_seconds").asDouble(), ls.get("wall_seconds").asDouble(), ls.get("peak_rss_mb").asDouble(),
          "test log-loss", o.get("test_log_loss").asDouble(), o.get("iterations").asInt());
      r.put("test_auc", o.get("test_auc").asDouble());
      rows.add(r);
    }
    for (String e : List.of("yarn", "mr")) {
      JsonNode m = read(dir, "logistic-" + e + "/metrics.json");
      Map<String, Object> r = shardtrain("logistic", e, m, "test log-loss", m.get("test_log_loss").asDouble());
      r.put("test_auc", m.get("test_auc").asDouble());
      rows.add(r);
    }
    ratio(rows, "logistic", "fit_seconds");
    Map<String, Object> yarnLogistic = find(rows, "logistic", "shardtrain --engine yarn");
    checks.add(check("logistic fit, YARN / Spark L-BFGS", rows, "logistic", "fit_seconds", 0.5)
        + String.format(Locale.ROOT, "; test log-loss %.5f against Spark L-BFGS's %.5f (reached: within 0.001: %s)",
            (double) yarnLogistic.get("quality"), (double) find(rows, "logistic", "Spark MLlib (ml L-BFGS)").get("quality"),
            (double) yarnLogistic.get("quality") <= target ? "yes" : "no"));
  }

  /**
   * L-BFGS on both sides, same data, same settings (at most 100 iterations, tolerance 1e-6, no penalty, an
   * intercept, standardised features): shardtrain's {@code linear} against spark.ml's LogisticRegression. The
   * training log-losses (the unpenalised objective) show whether both reached the same optimum.
   */
  private static void logisticLbfgs(File dir, List<Map<String, Object>> rows, List<String> checks) throws IOException {
    String algorithm = "logistic, L-BFGS";
    JsonNode ls = read(dir, "logistic-spark.json");
    JsonNode l = ls.get("lbfgs");
    rows.add(lbfgsDetails(row(algorithm, "Spark MLlib (ml L-BFGS)", Double.NaN, l.get("fit_seconds").asDouble(),
        ls.get("wall_seconds").asDouble(), ls.get("peak_rss_mb").asDouble(), "test log-loss",
        l.get("test_log_loss").asDouble(), l.get("iterations").asInt()), l, l.get("passes").asInt()));
    for (String e : List.of("yarn", "mr")) {
      JsonNode m = read(dir, "linear-" + e + "/metrics.json");
      rows.add(lbfgsDetails(shardtrain(algorithm, e, m, "test log-loss", m.get("test_log_loss").asDouble()), m,
          shardtrainPasses(m)));
    }
    ratio(rows, algorithm, "fit_seconds");
    checks.add(lbfgsCheck(rows, algorithm, "logistic L-BFGS fit"));
  }

  /**
   * Multinomial (softmax) logistic regression on the generated 10-class set: Spark's L-BFGS, and shardtrain's
   * {@code linear --loss multinomial} where this build offers it (the script runs it only then).
   */
  private static void multinomial(File dir, List<Map<String, Object>> rows, List<String> checks) throws IOException {
    JsonNode s = read(dir, "multinomial-spark.json");
    String algorithm = "multinomial, " + s.get("classes").asInt() + " classes";
    rows.add(lbfgsDetails(row(algorithm, "Spark MLlib (ml L-BFGS, multinomial)", Double.NaN,
        s.get("fit_seconds").asDouble(), s.get("wall_seconds").asDouble(), s.get("peak_rss_mb").asDouble(),
        "test log-loss", s.get("test_log_loss").asDouble(), s.get("iterations").asInt()), s, s.get("passes").asInt()));
    int ours = 0;
    for (String e : List.of("yarn", "mr")) {
      File metrics = new File(dir, "multinomial-" + e + "/metrics.json");
      if (!metrics.isFile()) continue;
      JsonNode m = JSON.readTree(metrics);
      rows.add(lbfgsDetails(shardtrain(algorithm, e, m, "test log-loss", m.path("test_log_loss").asDouble(Double.NaN)),
          m, shardtrainPasses(m)));
      ours++;
    }
    if (ours == 0) {
      checks.add(algorithm + ": Spark only — shardtrain's `linear --loss multinomial` did not run (not offered by this "
          + "build, or it failed: the script's output says which)");
      return;
    }
    ratio(rows, algorithm, "fit_seconds");
    checks.add(lbfgsCheck(rows, algorithm, algorithm + " fit"));
  }

  /** Passes over the training data: one per loss-and-gradient evaluation (history[].passes) plus the scan pass. */
  private static int shardtrainPasses(JsonNode m) {
    int passes = 1;
    for (JsonNode h : m.path("history")) passes += h.path("passes").asInt(1);
    return passes;
  }

  /** Adds passes, test accuracy and AUC (when there) and the training log-loss to an L-BFGS row. */
  private static Map<String, Object> lbfgsDetails(Map<String, Object> r, JsonNode from, int passes) {
    r.put("passes", passes);
    r.put("test_accuracy", from.path("test_accuracy").asDouble(Double.NaN));
    if (from.has("test_auc")) r.put("test_auc", from.get("test_auc").asDouble());
    r.put("train_log_loss", from.path("train_log_loss").asDouble(Double.NaN));
    return r;
  }

  /** shardtrain / Spark fit time per engine, and the training log-losses side by side (the same optimum?). */
  private static String lbfgsCheck(List<Map<String, Object>> rows, String algorithm, String what) {
    Map<String, Object> spark = null;
    StringBuilder ratios = new StringBuilder();
    StringBuilder losses = new StringBuilder();
    for (Map<String, Object> r : rows) {
      if (!r.get("algorithm").equals(algorithm)) continue;
      String system = (String) r.get("system");
      if (system.startsWith("Spark")) {
        spark = r;
        continue;
      }
      String engine = system.substring(system.lastIndexOf(' ') + 1).toUpperCase(Locale.ROOT);
      ratios.append(String.format(Locale.ROOT, "%s%s %.3f", ratios.length() == 0 ? "" : ", ", engine,
          (double) r.get("ratio_to_spark")));
      double ours = (double) r.get("train_log_loss");
      losses.append(String.format(Locale.ROOT, "%s %.8f (relative difference %.1e), ", engine, ours,
          Math.abs(ours - (double) spark.get("train_log_loss")) / (double) spark.get("train_log_loss")));
    }
    return String.format(Locale.ROOT, "%s, shardtrain / Spark: %s (no target; same data, tolerance 1e-6, at most 100 "
        + "iterations, no penalty); training log-loss %sSpark %.8f", what, ratios, losses,
        (double) spark.get("train_log_loss"));
  }

  private static JsonNode read(File dir, String name) throws IOException { return JSON.readTree(new File(dir, name)); }

  private static Map<String, Object> row(String algorithm, String system, double perIteration, double fit, double wall,
                                         double peakMb, String metric, double quality, int iterations) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("algorithm", algorithm);
    r.put("system", system);
    r.put("iterations", iterations);
    r.put("per_iteration_seconds", perIteration);
    r.put("fit_seconds", fit);
    r.put("wall_seconds", wall);
    r.put("peak_memory_mb", peakMb);
    r.put("metric", metric);
    r.put("quality", quality);
    return r;
  }

  private static Map<String, Object> shardtrain(String algorithm, String engine, JsonNode m, String metric, double quality) {
    double[] seconds = new double[m.get("history").size()];
    for (int i = 0; i < seconds.length; i++) seconds[i] = m.get("history").get(i).get("seconds").asDouble();
    double fit = Arrays.stream(seconds).sum();
    // The first iteration on YARN also loads the shards into the workers: not an iteration's cost.
    double[] sorted = seconds.length > 1 ? Arrays.copyOfRange(seconds, 1, seconds.length) : seconds.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double median = n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    double peak = m.path("peak_rss_mb").asDouble(-1);
    for (JsonNode w : m.path("workers")) peak += Math.max(0, w.path("peak_rss_mb").asDouble(0));
    return row(algorithm, "shardtrain --engine " + engine, median, fit, m.get("wall_seconds").asDouble(), peak, metric,
        quality, m.get("iterations").asInt());
  }

  /** shardtrain / Spark for {@code key}, on each shardtrain row (Spark: the first Spark row of the algorithm). */
  private static void ratio(List<Map<String, Object>> rows, String algorithm, String key) {
    double spark = Double.NaN;
    for (Map<String, Object> r : rows) {
      if (r.get("algorithm").equals(algorithm) && ((String) r.get("system")).startsWith("Spark") && Double.isNaN(spark)) {
        spark = (double) r.get(key);
      }
    }
    for (Map<String, Object> r : rows) {
      if (r.get("algorithm").equals(algorithm) && ((String) r.get("system")).startsWith("shardtrain")) {
        r.put("ratio_to_spark", (double) r.get(key) / spark);
        r.put("ratio_of", key);
      }
    }
  }

  private static Map<String, Object> find(List<Map<String, Object>> rows, String algorithm, String system) {
    for (Map<String, Object> r : rows) if (r.get("algorithm").equals(algorithm) && r.get("system").equals(system)) return r;
    throw new IllegalStateException("no row " + algorithm + " / " + system);
  }

  private static String check(String what, List<Map<String, Object>> rows, String algorithm, String key, double target) {
    double ratio = (double) find(rows, algorithm, "shardtrain --engine yarn").get("ratio_to_spark");
    return String.format(Locale.ROOT, "%s = %.3f (target <= %.2f: %s)", what, ratio, target, ratio <= target ? "met" : "MISSED");
  }

  private static String qualityCheck(List<Map<String, Object>> rows, String algorithm, String metric, double slack, String wanted) {
    double spark = Double.NaN;
    for (Map<String, Object> r : rows) {
      if (r.get("algorithm").equals(algorithm) && ((String) r.get("system")).startsWith("Spark")) spark = (double) r.get("quality");
    }
    double ours = (double) find(rows, algorithm, "shardtrain --engine yarn").get("quality");
    return String.format(Locale.ROOT, "; %s %.6g against Spark's %.6g (%s: %s)", metric, ours, spark, wanted,
        ours <= spark * (1 + 1e-9) + slack ? "met" : "MISSED");
  }

  private static String markdown(List<Map<String, Object>> rows, String machine, String size, List<String> checks) {
    StringBuilder b = new StringBuilder();
    b.append("Machine: ").append(machine).append("; sizes: ").append(size).append("; Spark in local[2], shardtrain with 2 workers.\n\n");
    b.append("| algorithm | system | iterations | s / iteration | fit s | wall s | peak memory MB | quality | shardtrain / Spark |\n");
    b.append("|---|---|---:|---:|---:|---:|---:|---|---:|\n");
    for (Map<String, Object> r : rows) {
      Object ratio = r.get("ratio_to_spark");
      String iterations = r.containsKey("passes")
          ? String.format(Locale.ROOT, "%d (%d passes)", (int) r.get("iterations"), (int) r.get("passes"))
          : String.valueOf((int) r.get("iterations"));
      b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f | %.1f | %.0f | %s %.5g%s | %s |%n",
          r.get("algorithm"), r.get("system"), iterations, num((double) r.get("per_iteration_seconds")),
          (double) r.get("fit_seconds"), (double) r.get("wall_seconds"), (double) r.get("peak_memory_mb"), r.get("metric"),
          (double) r.get("quality"), details(r),
          ratio == null ? "" : String.format(Locale.ROOT, "%.3f (%s)", (double) ratio,
              "per_iteration_seconds".equals(r.get("ratio_of")) ? "per iteration" : "fit")));
    }
    b.append('\n');
    for (String c : checks) b.append("- ").append(c).append('\n');
    return b.toString();
  }

  /** Accuracy, AUC and training log-loss, those of them the row has. */
  private static String details(Map<String, Object> r) {
    StringBuilder b = new StringBuilder();
    if (r.containsKey("test_accuracy")) b.append(String.format(Locale.ROOT, ", accuracy %.4f", (double) r.get("test_accuracy")));
    if (r.containsKey("test_auc")) b.append(String.format(Locale.ROOT, ", AUC %.4f", (double) r.get("test_auc")));
    if (r.containsKey("train_log_loss")) {
      b.append(String.format(Locale.ROOT, "; training log-loss %.8f", (double) r.get("train_log_loss")));
    }
    return b.toString();
  }

  private static String num(double v) { return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.3f", v); }
}
