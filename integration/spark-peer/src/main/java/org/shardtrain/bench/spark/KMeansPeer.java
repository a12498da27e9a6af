package org.shardtrain.bench.spark;

import static org.shardtrain.bench.spark.SparkPeer.required;
import static org.shardtrain.bench.spark.SparkPeer.seconds;

import java.io.File;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.clustering.KMeans;
import org.apache.spark.mllib.clustering.KMeansModel;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Spark's k-means (mllib, Lloyd's iterations; Spark 4 prunes distance computations with the triangle
 * inequality). The initial centres are Spark's own k-means|| seeding, written for shardtrain as well, so both
 * systems iterate from the same centres. Per-iteration seconds are the marginal cost, (fit(N) - fit(1)) /
 * (N - 1): Spark's once-per-fit work (norms, caching) is not charged to its iterations.
 */
final class KMeansPeer {
  private KMeansPeer() {}

  static void run(SparkSession spark, Map<String, String> args, Map<String, Object> result) throws Exception {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int k = Integer.parseInt(required(args, "k"));
    int iterations = Integer.parseInt(required(args, "iterations"));
    long seed = Long.parseLong(args.getOrDefault("seed", "1"));

    long t = System.nanoTime();
    JavaRDD<Vector> points = AvroShards.read(sc, required(args, "input"),
        r -> Vectors.dense(AvroShards.doubles(r.get("values")))).persist(StorageLevel.MEMORY_ONLY());
    long n = points.count();
    result.put("records", n);
    result.put("load_seconds", seconds(t));

    t = System.nanoTime();
    Vector[] initial = new KMeans().setK(k).setSeed(seed).initialize(points.rdd());
    result.put("init_seconds", seconds(t));
    double[][] centres = new double[initial.length][];
    for (int j = 0; j < centres.length; j++) centres[j] = initial[j].toArray();
    AvroShards.writeKMeansModel(new File(required(args, "schemas")), centres, new File(required(args, "initial-model-out")));

    KMeansModel start = new KMeansModel(initial);
    fit(points, start, k, 1, seed); // warms the JIT and Spark's code paths; not timed
    Fit one = fit(points, start, k, 1, seed);
    Fit all = fit(points, start, k, iterations, seed);
    result.put("iterations", all.model.numIter());
    result.put("fit_seconds", all.seconds);
    result.put("per_iteration_seconds", all.model.numIter() > one.model.numIter()
        ? (all.seconds - one.seconds) / (all.model.numIter() - one.model.numIter()) : all.seconds / all.model.numIter());
    result.put("wssse", all.model.computeCost(points.rdd()));
  }

  private record Fit(KMeansModel model, double seconds) {}

  private static Fit fit(JavaRDD<Vector> points, KMeansModel start, int k, int iterations, long seed) {
    long t = System.nanoTime();
    // Epsilon 0: stop only when no centre moves, as shardtrain's --tol 0.
    KMeansModel m = new KMeans().setK(k).setMaxIterations(iterations).setEpsilon(0).setSeed(seed)
        .setInitialModel(start).run(points.rdd());
    return new Fit(m, seconds(t));
  }
}
