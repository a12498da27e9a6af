package org.shardtrain.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.kmeans.KMeansModel;
import org.shardtrain.core.sgd.LinearModel;
import org.shardtrain.core.testing.Datasets;
import org.shardtrain.host.program.AlsTool;
import org.shardtrain.host.program.KMeansTool;
import org.shardtrain.host.program.LinearTool;
import org.shardtrain.host.program.SgdTool;
import org.shardtrain.mapreduce.testing.LocalRun;

/**
 * {@code --engine yarn} on a real HDFS and YARN: an ApplicationMaster and worker JVMs in containers, the
 * points loaded once into the workers' memory, and the same model as the MapReduce engine (run with the
 * local runner on the same data, as the reference).
 */
class YarnEngineIT {
  static MiniClusters cluster;
  static Configuration conf;
  @TempDir static java.nio.file.Path scratch;

  @BeforeAll
  static void start() throws Exception {
    cluster = MiniClusters.get();
    conf = cluster.clientConf();
  }

  static Path shardedCopy(java.nio.file.Path local, String dir, int parts) throws Exception {
    return ItFiles.shardedCopy(cluster.fs(), local, dir, parts);
  }

  static JsonNode metrics(FileSystem fs, String output) throws Exception { return ItFiles.metrics(fs, output); }

  static void assertRelativelyClose(double[] expected, double[] actual, double tolerance) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      double scale = Math.max(1e-12, Math.max(Math.abs(expected[i]), Math.abs(actual[i])));
      assertTrue(Math.abs(expected[i] - actual[i]) / scale <= tolerance,
          "element " + i + ": " + expected[i] + " vs " + actual[i]);
    }
  }

  @Test
  void kmeansOnWorkersEqualsMapReduce() throws Exception {
    java.nio.file.Path csv = Datasets.shipped("iris/points.csv");
    shardedCopy(csv, "/yarn/iris", 3);
    String[] common = {"--k", "3", "--seed", "7", "--max-iter", "20", "--format", "csv"};

    LocalRun.Result yarn = LocalRun.run(conf, new KMeansTool(), concat(common, "--engine", "yarn", "--workers", "2",
        "--worker-memory", "512", "--am-memory", "512", "--input", "/yarn/iris", "--output", "/yarn/out/iris"));
    assertEquals(0, yarn.exit(), yarn.err());
    assertTrue(yarn.err().contains("kmeans iteration 1:"), yarn.err()); // the AM's progress lines, relayed
    assertTrue(yarn.err().contains("/status.json"), yarn.err());

    LocalRun.Result mr = LocalRun.run(LocalRun.conf(scratch), new KMeansTool(), concat(common, "--input", csv.toString(),
        "--output", scratch.resolve("iris-mr").toString()));
    assertEquals(0, mr.exit(), mr.err());

    KMeansModel onYarn = ItFiles.kmeans(conf, "/yarn/out/iris/model/model.avro");
    KMeansModel onMr = org.shardtrain.mapreduce.testing.Models.kmeans(scratch.resolve("iris-mr"));
    assertRelativelyClose(onMr.centres(), onYarn.centres(), 1e-9);

    JsonNode m = metrics(cluster.fs(), "/yarn/out/iris");
    assertEquals("yarn", m.get("engine").asText());
    assertEquals(150, m.get("records").asLong());
    assertEquals(2, m.get("workers").size());
    long held = 0;
    for (JsonNode w : m.get("workers")) {
      assertTrue(w.get("container").asText().startsWith("container_"), w.toString());
      assertNotEquals("", w.get("node").asText());
      // The worker JVM's peak resident set (VmHWM): a JVM holding a shard is tens of MB at least.
      assertTrue(w.get("peak_rss_mb").asDouble() > 20, w.toString());
      held += w.get("records").asLong();
    }
    assertEquals(150, held);
    assertTrue(m.get("peak_rss_mb").asDouble() > 20, "the AM's own peak resident set: " + m.get("peak_rss_mb"));
    assertEquals(LocalRun.metrics(scratch.resolve("iris-mr")).get("wssse").asDouble(), m.get("wssse").asDouble(), 1e-9);
    // The AM's coordination, per iteration: the first Lloyd pass sent both workers the 3 × 4 centres (96 bytes of
    // doubles each); later ones send none — each member made the next centres from the allreduced total, as the
    // AM did — so the AM's bytes out are the two commands alone, less than the centres twice. It got back at
    // least one centre's sums (4 doubles) from each; the run created at least its checkpoint.
    JsonNode coordination = m.get("coordination");
    assertEquals(m.get("iterations").asInt(), coordination.size(), coordination.toString());
    assertTrue(coordination.size() >= 2, coordination.toString());
    for (JsonNode c : coordination) {
      if (c.get("iteration").asInt() == 1) {
        assertTrue(c.get("am_bytes_out").asLong() >= 2 * 96, c.toString());
      } else {
        assertTrue(c.get("am_bytes_out").asLong() < 2 * 96, c.toString());
      }
      assertTrue(c.get("am_bytes_in").asLong() >= 2 * 32, c.toString());
      assertTrue(c.get("am_merge_seconds").asDouble() >= 0, c.toString());
      assertTrue(c.get("namenode_files_created").asLong() >= 1, c.toString());
      // The Lloyd pass was reduced among the workers (their endpoints), not on the AM.
      assertTrue(c.get("allreduce_passes").asLong() >= 1, c.toString());
    }
  }

  @Test
  void aKilledWorkerIsReplacedAndTheModelIsUnchanged() throws Exception {
    java.nio.file.Path csv = Datasets.shipped("iris/points.csv");
    shardedCopy(csv, "/yarn/iris-kill", 2);
    String[] common = {"--k", "3", "--init", "random", "--seed", "5", "--max-iter", "12", "--tol", "0", "--format", "csv"};
    KilledWorkerRun run = KilledWorkerRun.start(conf, new KMeansTool(), concat(common, "--engine", "yarn", "--workers",
        "2", "--worker-memory", "512", "--am-memory", "512", "--input", "/yarn/iris-kill", "--output", "/yarn/out/iris-kill"));
    // Let worker 1 get a few iterations in, then kill -9 it.
    ProcessHandle victim = run.worker("kmeans", 1);
    Thread.sleep(2500);
    LocalRun.Result yarn = run.kill(victim);
    assertEquals(0, yarn.exit(), yarn.err());

    LocalRun.Result mr = LocalRun.run(LocalRun.conf(scratch), new KMeansTool(), concat(common, "--input", csv.toString(),
        "--output", scratch.resolve("iris-kill-mr").toString()));
    assertEquals(0, mr.exit(), mr.err());
    KMeansModel onYarn = ItFiles.kmeans(conf, "/yarn/out/iris-kill/model/model.avro");
    KMeansModel onMr = org.shardtrain.mapreduce.testing.Models.kmeans(scratch.resolve("iris-kill-mr"));
    assertRelativelyClose(onMr.centres(), onYarn.centres(), 1e-9);
    JsonNode m = metrics(cluster.fs(), "/yarn/out/iris-kill");
    assertEquals(1, m.get("recoveries").size(), m.toString());
    JsonNode recovery = m.get("recoveries").get(0);
    assertEquals("worker 1", recovery.get("failed").asText());
    // Whether the kill fell inside a pass (then it was posted again: allreduce_reposts) or between passes is a
    // matter of timing; CoordinatorTest drives the repost itself. Either way the passes ran among the workers.
    for (JsonNode c : m.get("coordination")) assertTrue(c.get("allreduce_passes").asLong() >= 1, c.toString());
    assertTrue(recovery.get("cause").asText().contains("137"), recovery.toString()); // 128 + SIGKILL
    int iterations = LocalRun.metrics(scratch.resolve("iris-kill-mr")).get("iterations").asInt();
    assertEquals(iterations, m.get("iterations").asInt());
    // Lost during training (not in the final evaluation pass), and recovered.
    assertTrue(recovery.get("iteration").asInt() >= 1 && recovery.get("iteration").asInt() <= iterations, recovery.toString());
    assertEquals(1, m.get("workers").get(1).get("restarts").asInt());
    System.out.println("worker recovery: " + recovery);
  }

  @Test
  void kmeansOnLetterRecognitionEqualsMapReduce() throws Exception {
    java.nio.file.Path csv = Datasets.shared("letter-recognition/points.csv");
    shardedCopy(csv, "/yarn/letters", 4);
    String[] common = {"--k", "26", "--seed", "11", "--max-iter", "8", "--tol", "0", "--format", "csv"};
    LocalRun.Result yarn = LocalRun.run(conf, new KMeansTool(), concat(common, "--engine", "yarn", "--workers", "3",
        "--worker-memory", "512", "--am-memory", "512", "--input", "/yarn/letters", "--output", "/yarn/out/letters"));
    assertEquals(0, yarn.exit(), yarn.err());
    LocalRun.Result mr = LocalRun.run(LocalRun.conf(scratch), new KMeansTool(), concat(common, "--input", csv.toString(),
        "--output", scratch.resolve("letters-mr").toString()));
    assertEquals(0, mr.exit(), mr.err());
    KMeansModel onYarn = ItFiles.kmeans(conf, "/yarn/out/letters/model/model.avro");
    KMeansModel onMr = org.shardtrain.mapreduce.testing.Models.kmeans(scratch.resolve("letters-mr"));
    assertRelativelyClose(onMr.centres(), onYarn.centres(), 1e-9);
    JsonNode m = metrics(cluster.fs(), "/yarn/out/letters");
    assertEquals(20_000, m.get("records").asLong());
    assertEquals(8, m.get("iterations").asInt());
  }

  @Test
  void sgdOnWorkersEqualsMapReduce() throws Exception {
    java.nio.file.Path train = Datasets.shared("a9a/a9a");
    java.nio.file.Path test = Datasets.shared("a9a/a9a.t");
    shardedCopy(train, "/yarn/a9a/train", 3);
    shardedCopy(test, "/yarn/a9a/test", 2);
    String[] common = {"--loss", "logistic", "--reg", "l2", "--lambda", "1e-4", "--step", "0.5", "--schedule", "adagrad",
        "--epochs", "5", "--averaging", "gradient", "--format", "libsvm", "--seed", "3"};
    LocalRun.Result yarn = LocalRun.run(conf, new SgdTool(), concat(common, "--engine", "yarn", "--workers", "2",
        "--worker-memory", "512", "--am-memory", "512", "--input", "/yarn/a9a/train", "--test-input", "/yarn/a9a/test",
        "--output", "/yarn/out/a9a"));
    assertEquals(0, yarn.exit(), yarn.err());
    LocalRun.Result mr = LocalRun.run(LocalRun.conf(scratch), new SgdTool(), concat(common, "--input", train.toString(),
        "--test-input", test.toString(), "--output", scratch.resolve("a9a-mr").toString()));
    assertEquals(0, mr.exit(), mr.err());

    LinearModel onYarn = ItFiles.linear(conf, "/yarn/out/a9a/model/model.avro");
    LinearModel onMr = ItFiles.linear(LocalRun.conf(scratch), scratch.resolve("a9a-mr/model/model.avro").toString());
    assertRelativelyClose(onMr.weights(), onYarn.weights(), 1e-9);
    assertRelativelyClose(new double[] {onMr.intercept()}, new double[] {onYarn.intercept()}, 1e-9);
    JsonNode m = metrics(cluster.fs(), "/yarn/out/a9a");
    JsonNode reference = LocalRun.metrics(scratch.resolve("a9a-mr"));
    assertEquals(reference.get("test_accuracy").asDouble(), m.get("test_accuracy").asDouble(), 1e-9);
    assertEquals(reference.get("records").asLong(), m.get("records").asLong());
    assertEquals("yarn", m.get("engine").asText());
    // The gradients were summed among the workers (slot 0 answering with the total), not at the AM.
    for (JsonNode c : m.get("coordination")) assertTrue(c.get("allreduce_passes").asLong() >= 1, c.toString());
  }

  /**
   * SGD's passes are allreduces among the workers: a worker killed mid-run is replaced, the pass it was in (if
   * any) is posted again for the new membership, and the model is MapReduce's.
   */
  @Test
  void aWorkerKilledDuringSgdIsReplacedAndTheModelIsUnchanged() throws Exception {
    java.nio.file.Path data = Datasets.shipped("breast-cancer/data.libsvm");
    shardedCopy(data, "/yarn/bc-kill", 2);
    String[] common = {"--loss", "logistic", "--reg", "l2", "--lambda", "1e-3", "--step", "0.5", "--schedule", "adagrad",
        "--epochs", "12", "--averaging", "gradient", "--format", "libsvm", "--seed", "4"};
    KilledWorkerRun run = KilledWorkerRun.start(conf, new SgdTool(), concat(common, "--engine", "yarn", "--workers", "2",
        "--worker-memory", "512", "--am-memory", "512", "--input", "/yarn/bc-kill", "--output", "/yarn/out/bc-kill"));
    ProcessHandle victim = run.worker("sgd", 1);
    // Mid-training: nearly all of a step's time is inside a pass (the delay), which is an allreduce now.
    FileSystem fs = cluster.fs();
    ItFiles.await("checkpoint 2", 300, () -> ItFiles.exists(fs, "/yarn/out/bc-kill/_checkpoints/checkpoint-000002.avro"));
    LocalRun.Result yarn = run.kill(victim);
    assertEquals(0, yarn.exit(), yarn.err());

    LocalRun.Result mr = LocalRun.run(LocalRun.conf(scratch), new SgdTool(), concat(common, "--input", data.toString(),
        "--output", scratch.resolve("bc-kill-mr").toString()));
    assertEquals(0, mr.exit(), mr.err());
    LinearModel onYarn = ItFiles.linear(conf, "/yarn/out/bc-kill/model/model.avro");
    LinearModel onMr = ItFiles.linear(LocalRun.conf(scratch), scratch.resolve("bc-kill-mr/model/model.avro").toString());
    assertRelativelyClose(onMr.weights(), onYarn.weights(), 1e-9);
    assertRelativelyClose(new double[] {onMr.intercept()}, new double[] {onYarn.intercept()}, 1e-9);
    JsonNode m = metrics(cluster.fs(), "/yarn/out/bc-kill");
    assertEquals(1, m.get("recoveries").size(), m.toString());
    JsonNode recovery = m.get("recoveries").get(0);
    assertEquals("worker 1", recovery.get("failed").asText());
    assertTrue(recovery.get("cause").asText().contains("137"), recovery.toString());
    // Whether the kill fell inside a pass (then it was posted again: allreduce_reposts) is a matter of timing,
    // as in the k-means kill test; either way every iteration's passes ran among the workers.
    for (JsonNode c : m.get("coordination")) assertTrue(c.get("allreduce_passes").asLong() >= 1, c.toString());
    assertEquals(12, m.get("iterations").asInt());
    assertEquals(1, m.get("workers").get(1).get("restarts").asInt());
    System.out.println("SGD worker recovery: " + recovery + ", allreduce_reposts " + m.get("allreduce_reposts"));
  }

  /**
   * {@code linear}: multinomial logistic regression (10 digit classes) by L-BFGS with an L1 term (OWL-QN), its
   * line-search passes on the workers' shards: the workers' passes give MapReduce's model, iteration for
   * iteration. (One run for what two runs checked before, a binary OWL-QN one and a multinomial L2 one.)
   */
  @Test
  void multinomialOwlQnOnWorkersEqualsMapReduce() throws Exception {
    double[][] x = Datasets.readCsv(Datasets.shipped("digits/points.csv"));
    java.util.List<String> y = java.nio.file.Files.readAllLines(Datasets.shipped("digits/labels.txt"));
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < x.length; i++) {
      text.append(y.get(i).trim());
      for (int j = 0; j < x[i].length; j++) if (x[i][j] != 0) text.append(' ').append(j + 1).append(':').append(x[i][j]);
      text.append('\n');
    }
    java.nio.file.Path data = java.nio.file.Files.writeString(scratch.resolve("digits.libsvm"), text);
    shardedCopy(data, "/yarn/digits/train", 3);
    String[] common = {"--loss", "multinomial", "--reg", "l1", "--lambda", "1e-2", "--standardize", "--intercept",
        "--epochs", "10", "--format", "libsvm"};
    LocalRun.Result yarn = LocalRun.run(conf, new LinearTool(), concat(common, "--engine", "yarn", "--workers", "2",
        "--worker-memory", "512", "--am-memory", "512", "--input", "/yarn/digits/train", "--output", "/yarn/out/digits"));
    assertEquals(0, yarn.exit(), yarn.err());
    LocalRun.Result mr = LocalRun.run(LocalRun.conf(scratch), new LinearTool(), concat(common, "--input", data.toString(),
        "--output", scratch.resolve("digits-mr").toString()));
    assertEquals(0, mr.exit(), mr.err());

    LinearModel onYarn = ItFiles.linear(conf, "/yarn/out/digits/model/model.avro");
    LinearModel onMr = ItFiles.linear(LocalRun.conf(scratch), scratch.resolve("digits-mr/model/model.avro").toString());
    assertEquals(10, onYarn.classes().count());
    assertRelativelyClose(onMr.weights(), onYarn.weights(), 1e-9);
    assertRelativelyClose(onMr.classes().intercepts(), onYarn.classes().intercepts(), 1e-9);
    assertTrue(onYarn.nonZeroWeights() < onYarn.weights().length,
        "L1 zeroes some of the " + onYarn.weights().length + " weights: " + onYarn.nonZeroWeights());
    JsonNode m = metrics(cluster.fs(), "/yarn/out/digits");
    JsonNode reference = LocalRun.metrics(scratch.resolve("digits-mr"));
    assertEquals("lbfgs (owl-qn)", m.get("optimizer").asText());
    assertEquals(reference.get("iterations").asInt(), m.get("iterations").asInt());
    assertEquals(reference.get("history").get(m.get("iterations").asInt() - 1).get("objective").asDouble(),
        m.get("history").get(m.get("iterations").asInt() - 1).get("objective").asDouble(), 1e-12);
    assertEquals(reference.get("train_accuracy").asDouble(), m.get("train_accuracy").asDouble(), 1e-12);
    assertEquals(reference.get("train_confusion"), m.get("train_confusion"));
  }

  @Test
  void alsOnWorkersGivesTheMapReduceTestRmse() throws Exception {
    java.nio.file.Path base = Datasets.shared("movielens-100k/splits/u1.base.tsv");
    java.nio.file.Path test = Datasets.shared("movielens-100k/splits/u1.test.tsv");
    shardedCopy(base, "/yarn/ml/base", 3);
    shardedCopy(test, "/yarn/ml/test", 2);
    String[] common = {"--format", "tsv", "--rank", "8", "--lambda", "0.1", "--max-iter", "3", "--seed", "5"};
    LocalRun.Result yarn = LocalRun.run(conf, new AlsTool(), concat(common, "--engine", "yarn", "--workers", "3",
        "--worker-memory", "512", "--am-memory", "512", "--input", "/yarn/ml/base", "--test-input", "/yarn/ml/test",
        "--output", "/yarn/out/ml"));
    assertEquals(0, yarn.exit(), yarn.err());
    LocalRun.Result mr = LocalRun.run(LocalRun.conf(scratch), new AlsTool(), concat(common, "--input", base.toString(),
        "--test-input", test.toString(), "--output", scratch.resolve("ml-mr").toString()));
    assertEquals(0, mr.exit(), mr.err());
    JsonNode m = metrics(cluster.fs(), "/yarn/out/ml");
    JsonNode reference = LocalRun.metrics(scratch.resolve("ml-mr"));
    assertEquals(reference.get("test_rmse").asDouble(), m.get("test_rmse").asDouble(), 1e-6);
    assertEquals(reference.get("train_rmse").asDouble(), m.get("train_rmse").asDouble(), 1e-6);
    assertEquals(reference.get("users").asLong(), m.get("users").asLong());
    assertEquals(reference.get("items").asLong(), m.get("items").asLong());
    assertEquals(3, m.get("workers").size());
    // No worker held every rating: the blocks split them.
    for (JsonNode w : m.get("workers")) assertTrue(w.get("records").asLong() < 80_000, w.toString());
    // Factors go worker to worker: an iteration creates each worker's two checkpoint parts and the checkpoint,
    // O(W) files (the exchange through files made 2·W² more: 18 at W = 3).
    for (JsonNode c : m.get("coordination")) {
      assertTrue(c.get("namenode_files_created").asLong() <= 2 * 3 + 2, c.toString());
    }
  }

  /**
   * ALS with a worker killed mid-run: the half-step it was in is posted again once its replacement registers,
   * the replacement serves its predecessor's factors from its part of the checkpoint folder, and the model is
   * the one the MapReduce engine makes (1e-9).
   */
  @Test
  void aWorkerKilledDuringAlsIsReplacedAndTheModelIsUnchanged() throws Exception {
    java.nio.file.Path ratings = Datasets.shipped("spark-ratings/ratings.tsv");
    shardedCopy(ratings, "/yarn/als-kill/ratings", 2);
    String[] common = {"--format", "tsv", "--rank", "4", "--lambda", "0.1", "--seed", "3", "--max-iter", "8"};
    KilledWorkerRun run = KilledWorkerRun.start(conf, new AlsTool(), concat(common, "--engine", "yarn", "--workers", "2",
        "--worker-memory", "512", "--am-memory", "512", "--input", "/yarn/als-kill/ratings", "--output", "/yarn/out/als-kill"));
    ProcessHandle victim = run.worker("als", 1);
    FileSystem fs = cluster.fs();
    // Killed once the factors are being exchanged: after iteration 2's checkpoint, in the middle of the run.
    ItFiles.await("checkpoint 2", 300, () -> ItFiles.exists(fs, "/yarn/out/als-kill/_checkpoints/checkpoint-000002.avro"));
    Thread.sleep(700);
    LocalRun.Result yarn = run.kill(victim);
    assertEquals(0, yarn.exit(), yarn.err());

    LocalRun.Result mr = LocalRun.run(LocalRun.conf(scratch), new AlsTool(), concat(common, "--input", ratings.toString(),
        "--output", scratch.resolve("als-kill-mr").toString()));
    assertEquals(0, mr.exit(), mr.err());
    for (String side : new String[] {"users", "items"}) {
      java.util.Map<String, double[]> onMr = org.shardtrain.mapreduce.testing.Models.alsFactors(LocalRun.conf(scratch),
          new Path(scratch.resolve("als-kill-mr/model/" + side + ".avro").toUri()));
      java.util.Map<String, double[]> onYarn = org.shardtrain.mapreduce.testing.Models.alsFactors(conf,
          new Path("/yarn/out/als-kill/model/" + side + ".avro"));
      assertEquals(onMr.keySet(), onYarn.keySet(), side);
      for (String id : onMr.keySet()) assertRelativelyClose(onMr.get(id), onYarn.get(id), 1e-9);
    }
    JsonNode m = metrics(fs, "/yarn/out/als-kill");
    assertEquals(8, m.get("iterations").asInt());
    assertEquals(1, m.get("recoveries").size(), m.toString());
    JsonNode recovery = m.get("recoveries").get(0);
    assertEquals("worker 1", recovery.get("failed").asText());
    assertTrue(recovery.get("iteration").asInt() >= 2 && recovery.get("iteration").asInt() <= 8, recovery.toString());
    assertEquals(1, m.get("workers").get(1).get("restarts").asInt());
    System.out.println("ALS worker recovery: " + recovery + "; coordination: " + m.get("coordination"));
  }

  /**
   * Implicit ALS on the workers, warm-started from a two-iteration model: the four-iteration model. The
   * MapReduce runs take blocked half-steps (3 blocks), so this is also blocked MapReduce ALS against the YARN
   * engine.
   */
  @Test
  void alsOnWorkersWarmStartsFromAnEarlierModel() throws Exception {
    java.nio.file.Path ratings = Datasets.shipped("spark-ratings/ratings.tsv");
    shardedCopy(ratings, "/yarn/warm/ratings", 2);
    String[] common = {"--format", "tsv", "--rank", "4", "--lambda", "0.05", "--seed", "3", "--implicit", "--alpha", "2"};
    Configuration local = LocalRun.conf(scratch);
    String[] blocked = {"--broadcast-mb", "0", "--reducers", "3"};
    assertEquals(0, LocalRun.run(local, new AlsTool(), concat(concat(common, blocked), "--max-iter", "4", "--input",
        ratings.toString(), "--output", scratch.resolve("warm-four").toString())).exit());
    assertEquals(0, LocalRun.run(local, new AlsTool(), concat(concat(common, blocked), "--max-iter", "2", "--input",
        ratings.toString(), "--output", scratch.resolve("warm-two").toString())).exit());
    LocalRun.Result yarn = LocalRun.run(conf, new AlsTool(), concat(common, "--engine", "yarn", "--workers", "2",
        "--worker-memory", "512", "--am-memory", "512", "--max-iter", "2", "--input", "/yarn/warm/ratings",
        "--initial-model", scratch.resolve("warm-two").toUri().toString(), "--output", "/yarn/out/warm"));
    assertEquals(0, yarn.exit(), yarn.err());
    java.util.Map<String, double[]> four = org.shardtrain.mapreduce.testing.Models.alsFactors(local, new Path(scratch.resolve("warm-four/model/items.avro").toUri()));
    java.util.Map<String, double[]> warm = org.shardtrain.mapreduce.testing.Models.alsFactors(conf, new Path("/yarn/out/warm/model/items.avro"));
    assertEquals(four.keySet(), warm.keySet());
    for (String id : four.keySet()) assertRelativelyClose(four.get(id), warm.get(id), 1e-9);
  }

  static String[] concat(String[] a, String... b) { return ItFiles.concat(a, b); }
}
