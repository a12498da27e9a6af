package org.shardtrain.bench.spark;

import static org.shardtrain.bench.spark.SparkPeer.required;
import static org.shardtrain.bench.spark.SparkPeer.seconds;

import java.util.Map;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Spark's ALS (spark.ml, explicit feedback; regParam scaled by each row's rating count, ALS-WR, as
 * shardtrain's --lambda), on the same train/test TSV files. Test RMSE over the test ratings whose user and
 * item were both trained (coldStartStrategy drop, as shardtrain's --cold-start drop). Per-iteration seconds
 * are the marginal cost, (fit(N) - fit(1)) / (N - 1), so the once-per-fit blocking shuffle is not charged
 * to the iterations.
 */
final class AlsPeer {
  private AlsPeer() {}

  static void run(SparkSession spark, Map<String, String> args, Map<String, Object> result) {
    int rank = Integer.parseInt(required(args, "rank"));
    int iterations = Integer.parseInt(required(args, "iterations"));
    double lambda = Double.parseDouble(required(args, "lambda"));
    long seed = Long.parseLong(args.getOrDefault("seed", "1"));

    long t = System.nanoTime();
    Dataset<Row> train = ratings(spark, required(args, "train")).cache();
    Dataset<Row> test = ratings(spark, required(args, "test")).cache();
    result.put("train_ratings", train.count());
    result.put("test_ratings", test.count());
    result.put("load_seconds", seconds(t));

    fit(train, rank, 1, lambda, seed); // warms the JIT and Spark's code paths; not timed
    double one = fit(train, rank, 1, lambda, seed).seconds;
    Fit all = fit(train, rank, iterations, lambda, seed);
    result.put("iterations", iterations);
    result.put("fit_seconds", all.seconds);
    result.put("per_iteration_seconds", iterations > 1 ? (all.seconds - one) / (iterations - 1) : all.seconds);
    Dataset<Row> predicted = all.model.transform(test);
    result.put("test_rmse", new RegressionEvaluator().setMetricName("rmse").setLabelCol("rating")
        .setPredictionCol("prediction").evaluate(predicted));
    result.put("test_ratings_scored", predicted.count());
  }

  private record Fit(ALSModel model, double seconds) {}

  private static Fit fit(Dataset<Row> train, int rank, int iterations, double lambda, long seed) {
    long t = System.nanoTime();
    ALSModel m = new ALS().setRank(rank).setMaxIter(iterations).setRegParam(lambda).setSeed(seed)
        .setUserCol("user").setItemCol("item").setRatingCol("rating").setColdStartStrategy("drop").fit(train);
    return new Fit(m, seconds(t)); // fit materialises both factor sets
  }

  private static Dataset<Row> ratings(SparkSession spark, String dir) {
    return spark.read().option("sep", "\t").schema("user INT, item INT, rating FLOAT").csv(dir);
  }
}
