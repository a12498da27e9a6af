package org.shardtrain.bench.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.File;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The peer a shardtrain user would otherwise pick: Spark MLlib in local mode, one algorithm per JVM (so its
 * peak memory is its own), on the same files shardtrain reads. Prints nothing but Spark's warnings; writes
 * its figures as one JSON object to {@code --result}.
 *
 * <pre>
 *   kmeans   --input DIR --k K --iterations N --seed S --initial-model-out FILE --schemas DIR
 *   als      --train DIR --test DIR --rank R --iterations N --lambda L --seed S
 *   logistic --train DIR --test DIR --features D --lbfgs-iterations N --tol T --sgd-iterations N --sgd-step S --sgd-fraction F
 *   multinomial --train DIR --test DIR --features D --iterations N --tol T     (LIBSVM text, labels 0..K-1)
 *   common:  --threads T --result FILE
 * </pre>
 */
public final class SparkPeer {
  private SparkPeer() {}

  public static void main(String[] argv) throws Exception {
    if (argv.length == 0) throw new IllegalArgumentException("usage: SparkPeer kmeans|als|logistic|multinomial --key value ...");
    String program = argv[0];
    Map<String, String> args = new HashMap<>();
    for (int i = 1; i + 1 < argv.length; i += 2) {
      if (!argv[i].startsWith("--")) throw new IllegalArgumentException("expected --key value at " + argv[i]);
      args.put(argv[i].substring(2), argv[i + 1]);
    }
    int threads = Integer.parseInt(args.getOrDefault("threads", "2"));
    long started = System.nanoTime();
    SparkSession spark = SparkSession.builder()
        .master("local[" + threads + "]")
        .appName("shardtrain-bench-" + program)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", String.valueOf(threads))
        .config("spark.driver.host", "localhost")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("system", "spark");
    result.put("spark_version", spark.version());
    result.put("threads", threads);
    result.put("session_seconds", seconds(started));
    switch (program) {
      case "kmeans" -> KMeansPeer.run(spark, args, result);
      case "als" -> AlsPeer.run(spark, args, result);
      case "logistic" -> LogisticPeer.run(spark, args, result);
      case "multinomial" -> MultinomialPeer.run(spark, args, result);
      default -> throw new IllegalArgumentException("unknown program " + program);
    }
    result.put("peak_rss_mb", PeakMemory.residentMb());
    result.put("wall_seconds", seconds(started));
    spark.stop();
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(new File(required(args, "result")), result);
  }

  static String required(Map<String, String> args, String key) {
    String v = args.get(key);
    if (v == null) throw new IllegalArgumentException("--" + key + " is required");
    return v;
  }

  static double seconds(long sinceNanos) { return (System.nanoTime() - sinceNanos) / 1e9; }
}
