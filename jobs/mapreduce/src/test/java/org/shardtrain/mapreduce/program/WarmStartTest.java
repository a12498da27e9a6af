package org.shardtrain.mapreduce.program;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.testing.Datasets;
import org.shardtrain.host.program.AlsTool;
import org.shardtrain.host.program.KMeansTool;
import org.shardtrain.host.program.ProgramTool;
import org.shardtrain.host.program.PublishTool;
import org.shardtrain.mapreduce.testing.LocalRun;
import org.shardtrain.mapreduce.testing.Models;

/** k-means --initial-model, and the publish registry it can start from. */
class WarmStartTest {
  @TempDir Path tmp;
  /** Digits (1,797 x 64, k = 10) still moves after five iterations from a random start. */
  static final String[] DIGITS = {"--input", Datasets.shipped("digits/points.csv").toString(), "--format", "csv", "--k", "10",
      "--init", "random", "--seed", "5", "--tol", "0"};

  LocalRun.Result kmeans(Configuration conf, Path out, String... more) throws Exception {
    return LocalRun.run(conf, new KMeansTool(), concat(concat(DIGITS, "--output", out.toString()), more));
  }

  @Test
  void twoIterationsThenThreeFromThatModelEqualFiveFromTheStart() throws Exception {
    Configuration conf = LocalRun.conf(tmp);
    assertEquals(0, kmeans(conf, tmp.resolve("five"), "--max-iter", "5").exit());
    assertEquals(0, kmeans(conf, tmp.resolve("two"), "--max-iter", "2").exit());

    // Through a publish registry, as the daily coordinator does.
    Path registry = tmp.resolve("registry");
    LocalRun.Result published = LocalRun.run(conf, new PublishTool(), "--run", tmp.resolve("two").toString(),
        "--registry", registry.toString());
    assertEquals(0, published.exit(), published.err());
    assertTrue(published.out().startsWith("published "), published.out());
    Properties current = new Properties();
    try (var in = Files.newInputStream(registry.resolve("current.properties"))) {
      current.load(in);
    }
    assertEquals("wssse", current.getProperty("metric"));

    LocalRun.Result warm = kmeans(conf, tmp.resolve("two-then-three"), "--max-iter", "3", "--initial-model", registry.toString());
    assertEquals(0, warm.exit(), warm.err());
    assertArrayEquals(Models.kmeans(tmp.resolve("five")).centres(), Models.kmeans(tmp.resolve("two-then-three")).centres(), 1e-12);
    assertFalse(java.util.Arrays.equals(Models.kmeans(tmp.resolve("two")).centres(), Models.kmeans(tmp.resolve("five")).centres()),
        "two and five iterations differ, so the equality above is not trivial");
  }

  @Test
  void anInitialModelOfAnotherShapeIsRefusedBeforeAnythingIsWritten() throws Exception {
    Configuration conf = LocalRun.conf(tmp);
    assertEquals(0, kmeans(conf, tmp.resolve("k10"), "--max-iter", "2").exit());
    String[] k4 = {"--input", DIGITS[1], "--format", "csv", "--k", "4", "--output", tmp.resolve("k4").toString(),
        "--initial-model", tmp.resolve("k10").toString()};
    LocalRun.Result r = LocalRun.run(conf, new KMeansTool(), k4);
    assertEquals(ProgramTool.FAILED, r.exit(), r.err());
    assertTrue(r.err().contains("the initial model has k=10") && r.err().contains("this run has k=4"), r.err());
    assertFalse(Files.exists(tmp.resolve("k4")), "no output from a refused run");
  }

  @Test
  void publishKeepsTheBetterModel() throws Exception {
    Configuration conf = LocalRun.conf(tmp);
    assertEquals(0, kmeans(conf, tmp.resolve("good"), "--max-iter", "20").exit());
    assertEquals(0, kmeans(conf, tmp.resolve("rough"), "--max-iter", "1").exit());
    Path registry = tmp.resolve("reg");
    assertEquals(0, LocalRun.run(conf, new PublishTool(), "--run", tmp.resolve("good").toString(), "--registry",
        registry.toString()).exit());
    LocalRun.Result check = LocalRun.run(conf, new PublishTool(), "--run", tmp.resolve("rough").toString(), "--registry",
        registry.toString());
    assertEquals(0, check.exit(), check.err());
    assertTrue(check.out().startsWith("kept the published model"), check.out());
    Properties current = new Properties();
    try (var in = Files.newInputStream(registry.resolve("current.properties"))) {
      current.load(in);
    }
    // The registry serves its own copy of the good run's model (issue 24: a publication is immutable).
    assertTrue(current.getProperty("run").endsWith("/good"), current.toString());
    Path copy = Path.of(java.net.URI.create(current.getProperty("model")));
    assertTrue(copy.startsWith(registry), current.toString());
    assertArrayEquals(Files.readAllBytes(tmp.resolve("good/model/model.avro")), Files.readAllBytes(copy.resolve("model.avro")));
    assertEquals(1, Files.list(registry).filter(p -> p.getFileName().toString().startsWith("published-")).count());
  }

  static final String RATINGS = Datasets.shipped("spark-ratings/ratings.tsv").toString();

  LocalRun.Result als(Configuration conf, Path out, String... more) throws Exception {
    String[] base = {"--input", RATINGS, "--format", "tsv", "--rank", "4", "--lambda", "0.05", "--seed", "3",
        "--output", out.toString()};
    String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return LocalRun.run(conf, new AlsTool(), args);
  }

  /** ALS's state is its item factors: two iterations, then two more from that model, are four iterations. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void alsTwoThenTwoFromThatModelEqualFourFromTheStart(boolean implicit) throws Exception {
    Configuration conf = LocalRun.conf(tmp);
    // Implicit feedback runs blocked half-steps (the warm start's factors routed by the route job, the Gram
    // from its statistics); explicit, broadcast ones.
    String[] feedback = implicit ? new String[] {"--implicit", "--alpha", "2", "--broadcast-mb", "0", "--reducers", "2"}
        : new String[0];
    assertEquals(0, als(conf, tmp.resolve("four"), concat(feedback, "--max-iter", "4")).exit());
    assertEquals(0, als(conf, tmp.resolve("two"), concat(feedback, "--max-iter", "2")).exit());
    LocalRun.Result warm = als(conf, tmp.resolve("two-two"), concat(feedback, "--max-iter", "2", "--initial-model",
        tmp.resolve("two").toString()));
    assertEquals(0, warm.exit(), warm.err());
    java.util.Map<String, double[]> four = Models.alsFactors(tmp.resolve("four/model/items.avro"));
    java.util.Map<String, double[]> twoTwo = Models.alsFactors(tmp.resolve("two-two/model/items.avro"));
    java.util.Map<String, double[]> two = Models.alsFactors(tmp.resolve("two/model/items.avro"));
    assertEquals(four.keySet(), twoTwo.keySet());
    boolean differs = false;
    for (String id : four.keySet()) {
      assertArrayEquals(four.get(id), twoTwo.get(id), 1e-9, "item " + id);
      differs |= !java.util.Arrays.equals(four.get(id), two.get(id));
    }
    assertTrue(differs, "two and four iterations differ, so the equality is not trivial");
  }

  @Test
  void anAlsModelOfAnotherRankIsRefused() throws Exception {
    Configuration conf = LocalRun.conf(tmp);
    assertEquals(0, als(conf, tmp.resolve("rank4"), "--max-iter", "1").exit());
    LocalRun.Result r = LocalRun.run(conf, new AlsTool(), "--input", RATINGS, "--format", "tsv", "--rank", "6",
        "--output", tmp.resolve("rank6").toString(), "--initial-model", tmp.resolve("rank4").toString());
    assertEquals(ProgramTool.FAILED, r.exit(), r.err());
    assertTrue(r.err().contains("the initial model has rank 4; this run has --rank 6"), r.err());
    assertFalse(Files.exists(tmp.resolve("rank6")), "no output from a refused run");
  }

  static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
