package org.shardtrain.bench.spark;

import static org.shardtrain.bench.spark.SparkPeer.required;
import static org.shardtrain.bench.spark.SparkPeer.seconds;

import java.util.Map;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Spark's multinomial logistic regression (softmax, {@code family=multinomial}) by L-BFGS, on LIBSVM files with
 * labels 0..K-1 — the files scripts/bench.sh generates and shardtrain's {@code linear --loss multinomial} reads
 * with {@code --format libsvm}. Same settings as the binary peer ({@link LogisticPeer#lbfgs}): at most 100
 * iterations, tolerance 1e-6, no penalty, intercepts, standardised features. With no penalty the softmax
 * parameters are identifiable only up to a common shift; Spark centres them, which leaves every probability and
 * the objective unchanged. Scored on the test files: accuracy and log-loss (−log P(true class), clipped at 1e-15);
 * on the training files the log-loss, the unpenalised objective.
 */
final class MultinomialPeer {
  private MultinomialPeer() {}

  static void run(SparkSession spark, Map<String, String> args, Map<String, Object> result) {
    int features = Integer.parseInt(required(args, "features"));
    int maxIter = Integer.parseInt(args.getOrDefault("iterations", "100"));
    double tol = Double.parseDouble(args.getOrDefault("tol", "1e-6"));
    long t = System.nanoTime();
    Dataset<Row> train = libsvm(spark, required(args, "train"), features);
    Dataset<Row> test = libsvm(spark, required(args, "test"), features);
    result.put("train_examples", train.count());
    result.put("test_examples", test.count());
    result.put("load_seconds", seconds(t));

    LogisticPeer.lbfgs("multinomial", 2, tol).fit(train); // warms the JIT and Spark's code paths; not timed
    DataPasses passes = DataPasses.start(spark.sparkContext(), "multinomial");
    t = System.nanoTime();
    LogisticRegressionModel model = LogisticPeer.lbfgs("multinomial", maxIter, tol).fit(train);
    result.put("fit_seconds", seconds(t));
    result.put("passes", passes.stop(spark.sparkContext()));
    result.put("iterations", model.summary().totalIterations());
    result.put("tol", tol);
    result.put("classes", model.numClasses());
    double[] objective = model.summary().objectiveHistory();
    result.put("train_objective", objective[objective.length - 1]);
    score(model, test, "test_", result);
    score(model, train, "train_", result);
  }

  private static void score(LogisticRegressionModel model, Dataset<Row> data, String prefix, Map<String, Object> into) {
    double[] sums = model.transform(data).select("label", "probability", "prediction").javaRDD().map(r -> {
      int label = (int) r.getDouble(0);
      double p = ((Vector) r.get(1)).apply(label);
      return new double[] {-Math.log(Math.max(1e-15, p)), r.getDouble(2) == label ? 1 : 0, 1};
    }).reduce((a, b) -> new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
    into.put(prefix + "log_loss", sums[0] / sums[2]);
    into.put(prefix + "accuracy", sums[1] / sums[2]);
  }

  /** LIBSVM text (1-based indices) as spark.ml's label/features frame, cached before anything is timed. */
  private static Dataset<Row> libsvm(SparkSession spark, String dir, int features) {
    Dataset<Row> frame = spark.read().format("libsvm").option("numFeatures", features).load(dir)
        .persist(StorageLevel.MEMORY_ONLY());
    frame.count();
    return frame;
  }
}
