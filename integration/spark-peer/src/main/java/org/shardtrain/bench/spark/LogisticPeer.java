package org.shardtrain.bench.spark;

import static org.shardtrain.bench.spark.SparkPeer.required;
import static org.shardtrain.bench.spark.SparkPeer.seconds;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.mllib.classification.LogisticRegressionWithSGD;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Spark's logistic regression two ways, on shardtrain's LabeledExample shards: spark.ml's L-BFGS (what a
 * Spark user runs; its defaults, no regularisation) and mllib's mini-batch SGD. Both are scored the same way
 * on the test shards: log-loss of the predicted probabilities, accuracy and AUC; L-BFGS also on the training
 * shards (its training log-loss is the unpenalised objective: the optimum shardtrain's {@code linear} must reach).
 */
final class LogisticPeer {
  private LogisticPeer() {}

  static void run(SparkSession spark, Map<String, String> args, Map<String, Object> result) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int features = Integer.parseInt(required(args, "features"));
    long t = System.nanoTime();
    JavaRDD<LabeledPoint> train = examples(sc, required(args, "train"), features).persist(StorageLevel.MEMORY_ONLY());
    JavaRDD<LabeledPoint> test = examples(sc, required(args, "test"), features).persist(StorageLevel.MEMORY_ONLY());
    result.put("train_examples", train.count());
    result.put("test_examples", test.count());
    StructType schema = new StructType().add("label", DataTypes.DoubleType).add("features", new VectorUDT());
    Dataset<Row> trainFrame = spark.createDataFrame(train.map(p -> RowFactory.create(p.label(), p.features().asML())), schema)
        .persist(StorageLevel.MEMORY_ONLY());
    trainFrame.count();
    result.put("load_seconds", seconds(t));

    // L-BFGS: Spark's defaults, set explicitly because scripts/bench.sh runs shardtrain's linear with the same
    // values (--epochs 100 --tol 1e-6 --reg none --intercept --standardize): at most 100 iterations, tolerance
    // 1e-6, no penalty, an intercept, standardised features (with no penalty this changes the conditioning,
    // not the optimum).
    int lbfgsIterations = Integer.parseInt(args.getOrDefault("lbfgs-iterations", "100"));
    double tol = Double.parseDouble(args.getOrDefault("tol", "1e-6"));
    lbfgs("binomial", 2, tol).fit(trainFrame); // warms the JIT and Spark's code paths; not timed
    DataPasses passes = DataPasses.start(spark.sparkContext(), "lbfgs");
    t = System.nanoTime();
    LogisticRegressionModel lbfgs = lbfgs("binomial", lbfgsIterations, tol).fit(trainFrame);
    Map<String, Object> l = new LinkedHashMap<>();
    l.put("fit_seconds", seconds(t));
    l.put("passes", passes.stop(spark.sparkContext()));
    l.put("iterations", lbfgs.summary().totalIterations());
    l.put("tol", tol);
    double[] objective = lbfgs.summary().objectiveHistory();
    l.put("train_objective", objective[objective.length - 1]);
    double[] w = lbfgs.coefficients().toArray();
    score(test, w, lbfgs.intercept(), "test_", l);
    score(train, w, lbfgs.intercept(), "train_", l);
    result.put("lbfgs", l);

    // Mini-batch SGD (mllib; its only SGD logistic regression).
    int sgdIterations = Integer.parseInt(args.getOrDefault("sgd-iterations", "100"));
    double step = Double.parseDouble(args.getOrDefault("sgd-step", "1.0"));
    double fraction = Double.parseDouble(args.getOrDefault("sgd-fraction", "0.1"));
    new LogisticRegressionWithSGD(step, 2, 0.0, fraction).run(train.rdd()); // warm-up, not timed
    t = System.nanoTime();
    LogisticRegressionWithSGD sgd = new LogisticRegressionWithSGD(step, sgdIterations, 0.0, fraction);
    sgd.setIntercept(true);
    org.apache.spark.mllib.classification.LogisticRegressionModel m = sgd.run(train.rdd());
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("fit_seconds", seconds(t));
    s.put("iterations", sgdIterations);
    s.put("mini_batch_fraction", fraction);
    s.put("step", step);
    score(test, m.weights().toArray(), m.intercept(), "test_", s);
    result.put("sgd", s);
  }

  /**
   * spark.ml's logistic regression as both benchmarks run it: L-BFGS (no penalty, so no OWL-QN), an intercept,
   * standardised features; {@code family} binomial or multinomial.
   */
  static LogisticRegression lbfgs(String family, int maxIter, double tol) {
    return new LogisticRegression().setFamily(family).setMaxIter(maxIter).setTol(tol).setRegParam(0)
        .setElasticNetParam(0).setFitIntercept(true).setStandardization(true);
  }

  /** Log-loss (probabilities clipped to [1e-15, 1 - 1e-15]), accuracy (P ≥ 0.5) and AUC of margin w.x + b. */
  private static void score(JavaRDD<LabeledPoint> test, double[] w, double b, String prefix, Map<String, Object> into) {
    JavaRDD<Tuple2<Object, Object>> scored = test.map(p -> {
      double[] x = p.features().toArray();
      double m = b;
      for (int i = 0; i < x.length; i++) m += w[i] * x[i];
      return new Tuple2<>(1 / (1 + Math.exp(-m)), p.label());
    });
    double loss = scored.mapToDouble(s -> {
      double prob = Math.min(1 - 1e-15, Math.max(1e-15, (Double) s._1()));
      return (Double) s._2() > 0.5 ? -Math.log(prob) : -Math.log(1 - prob);
    }).mean();
    double accuracy = scored.mapToDouble(s -> ((Double) s._1() >= 0.5) == ((Double) s._2() > 0.5) ? 1 : 0).mean();
    into.put(prefix + "log_loss", loss);
    into.put(prefix + "accuracy", accuracy);
    into.put(prefix + "auc", new BinaryClassificationMetrics(scored.rdd()).areaUnderROC());
  }

  /** LabeledExample shards (sparse indices and values) as dense mllib points; labels stay 0/1. */
  private static JavaRDD<LabeledPoint> examples(JavaSparkContext sc, String dir, int features) {
    return AvroShards.read(sc, dir, r -> new LabeledPoint((Double) r.get("label"),
        Vectors.sparse(features, AvroShards.ints(r.get("indices")), AvroShards.doubles(r.get("values"))).toDense()));
  }

}
