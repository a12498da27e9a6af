package org.shardtrain.mapreduce.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.testing.Datasets;
import org.shardtrain.host.program.KMeansTool;
import org.shardtrain.host.program.ProgramTool;
import org.shardtrain.host.program.PublishTool;
import org.shardtrain.host.program.ReportTool;
import org.shardtrain.host.program.SgdTool;
import org.shardtrain.mapreduce.testing.LocalRun;

/**
 * The data-loss paths a new user found (issue 24), one table: each misuse, what must come out (exit 1, one
 * error line with the words that say why, no stack trace), and the run, model or registry it aimed at
 * byte for byte as it was. Then the cases that need a sequence of runs: resume on changed input, the
 * publish registry's immutability, divergence, and what an absurd size leaves behind.
 */
class DataLossTest {
  @TempDir static Path tmp;
  static Configuration conf;
  static Path iris;
  static Path kmRun;
  static Path sgdRun;
  static Path cancer;

  @BeforeAll
  static void setUp() throws Exception {
    conf = LocalRun.conf(tmp);
    iris = Datasets.shipped("iris/points.csv");
    cancer = Datasets.shipped("breast-cancer/data.libsvm");
    kmRun = tmp.resolve("kmA");
    assertEquals(0, LocalRun.run(conf, new KMeansTool(), "--input", iris.toString(), "--format", "csv", "--k", "3",
        "--seed", "1", "--output", kmRun.toString(), "--quiet").exit());
    sgdRun = tmp.resolve("sgdA");
    assertEquals(0, LocalRun.run(conf, new SgdTool(), "--input", cancer.toString(), "--format", "libsvm", "--loss",
        "logistic", "--epochs", "2", "--output", sgdRun.toString(), "--quiet").exit());
  }

  private record Case(String name, ProgramTool tool, Path guarded, String[] args, String... expected) {}

  @Test
  void noProgramWritesOverTheModelOrRunItReads() throws Exception {
    List<Case> cases = List.of(
        new Case("evaluate over its model's run", new EvaluateTool(), kmRun, new String[] {"--model", kmRun.toString(),
            "--input", iris.toString(), "--format", "csv", "--output", kmRun.toString(), "--overwrite"}, "overlap"),
        new Case("predict over its model's run", new PredictTool(), sgdRun, new String[] {"--model", sgdRun.toString(),
            "--input", cancer.toString(), "--format", "libsvm", "--output", sgdRun.toString(), "--overwrite"}, "overlap"),
        new Case("predict into its model folder", new PredictTool(), sgdRun, new String[] {"--model", sgdRun.toString(),
            "--input", cancer.toString(), "--format", "libsvm", "--output", sgdRun.resolve("model").toString(),
            "--overwrite"}, "overlap"),
        new Case("report over metrics.json", new ReportTool(), kmRun, new String[] {"--run", kmRun.toString(),
            "--output", kmRun.resolve("metrics.json").toString(), "--overwrite"}, "metrics.json", "never replaces"),
        new Case("warm start over its own initial model", new KMeansTool(), kmRun, new String[] {"--input", iris.toString(),
            "--format", "csv", "--k", "3", "--initial-model", kmRun.toString(), "--output", kmRun.toString(),
            "--overwrite", "--quiet"}, "overlap"));
    List<String> failures = new ArrayList<>();
    for (Case c : cases) {
      String before = digest(c.guarded());
      LocalRun.Result r = LocalRun.run(conf, c.tool(), c.args());
      String problem = oneLineFailure(r, c.expected());
      if (problem == null && !before.equals(digest(c.guarded()))) problem = "it changed " + c.guarded();
      if (problem != null) failures.add(c.name() + ": " + problem + "\n" + r.err());
    }
    assertTrue(failures.isEmpty(), failures.size() + " of " + cases.size() + " failed:\n" + String.join("\n", failures));

    // The guard is on the model's folder, not the whole run: an evaluation beside the model is allowed.
    Path beside = kmRun.resolve("eval");
    LocalRun.Result r = LocalRun.run(conf, new EvaluateTool(), "--model", kmRun.toString(), "--input", iris.toString(),
        "--format", "csv", "--output", beside.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(Files.exists(beside.resolve("metrics.json")));
    deleteTree(beside);
  }

  @Test
  void unreadableModelsAndUnknownSchemesAreTheUsersFaultInOneLine() throws Exception {
    Path empty = Files.write(tmp.resolve("empty.avro"), new byte[0]);
    byte[] model = Files.readAllBytes(kmRun.resolve("model/model.avro"));
    Path truncated = Files.write(tmp.resolve("truncated.avro"), java.util.Arrays.copyOf(model, model.length / 2));
    for (Object[] c : new Object[][] {{empty, "empty file"}, {truncated, "truncated"}}) {
      LocalRun.Result r = LocalRun.run(conf, new EvaluateTool(), "--model", c[0].toString(), "--input", iris.toString(),
          "--format", "csv");
      String problem = oneLineFailure(r, c[0].toString(), (String) c[1]);
      assertEquals(null, problem, r.err());
    }
    LocalRun.Result r = LocalRun.run(conf, new KMeansTool(), "--input", "foo://x/points.csv", "--format", "csv",
        "--k", "2", "--output", tmp.resolve("foo-out").toString());
    assertEquals(null, oneLineFailure(r, "--input foo://x/points.csv", "no filesystem for scheme 'foo'"), r.err());
    assertFalse(Files.exists(tmp.resolve("foo-out")));
  }

  @Test
  void resumeContinuesOnlyOnTheSameInputHoweverItIsSpelled() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("resume/data"));
    Path points = Files.copy(iris, dir.resolve("p.csv"));
    Path out = tmp.resolve("resume/out");
    Path checkpoints = tmp.resolve("resume/checkpoints");
    String[] common = {"--format", "csv", "--k", "3", "--seed", "1", "--output", out.toString(), "--tol", "0",
        "--checkpoint-dir", checkpoints.toString(), "--quiet"};
    LocalRun.Result first = LocalRun.run(conf, new KMeansTool(), concat(new String[] {"--input", points.toString(),
        "--max-iter", "2"}, common));
    assertEquals(0, first.exit(), first.err());

    // The same file, written another way: resumed, not refused.
    String otherSpelling = dir.resolve("../data/./p.csv").toString();
    LocalRun.Result same = LocalRun.run(conf, new KMeansTool(), concat(new String[] {"--input", otherSpelling,
        "--max-iter", "3", "--resume"}, common));
    assertEquals(0, same.exit(), same.err());
    assertTrue(same.err().contains("resuming from checkpoint 2"), same.err());

    // Another file at the same path (a new day's data): refused, and the run is left as it was.
    Files.writeString(points, Files.readString(points) + "9.9,9.9,9.9,9.9\n");
    String before = digest(out);
    LocalRun.Result changed = LocalRun.run(conf, new KMeansTool(), concat(new String[] {"--input", points.toString(),
        "--max-iter", "5", "--resume"}, common));
    assertEquals(null, oneLineFailure(changed, "cannot resume", "not the data", "then: 1 file, ", "now: 1 file, "), changed.err());
    assertEquals(before, digest(out), "the refused resume changed the run");
  }

  @Test
  void aPublicationIsItsOwnImmutableCopyComparedOnlyWithItsKind() throws Exception {
    Path run = tmp.resolve("pub/run");
    Path registry = tmp.resolve("pub/registry");
    assertEquals(0, LocalRun.run(conf, new KMeansTool(), "--input", iris.toString(), "--format", "csv", "--k", "3",
        "--seed", "1", "--output", run.toString(), "--quiet").exit());
    double published = LocalRun.metrics(run).get("wssse").asDouble();
    LocalRun.Result pub = LocalRun.run(conf, new PublishTool(), "--run", run.toString(), "--registry", registry.toString());
    assertEquals(0, pub.exit(), pub.err());
    String registryBefore = digest(registry);

    // Rerun into the published run's folder (another k): the registry still serves the published model.
    assertEquals(0, LocalRun.run(conf, new KMeansTool(), "--input", iris.toString(), "--format", "csv", "--k", "2",
        "--seed", "1", "--output", run.toString(), "--overwrite", "--quiet").exit());
    assertEquals(published, evaluateWssse(registry), 1e-9 * published);

    // Deleting the run does not break it either.
    deleteTree(run);
    assertEquals(published, evaluateWssse(registry), 1e-9 * published);

    // A model of another shape (k = 1: WSSSE "better" by no measure) or another algorithm is refused.
    Path k1 = tmp.resolve("pub/k1");
    assertEquals(0, LocalRun.run(conf, new KMeansTool(), "--input", iris.toString(), "--format", "csv", "--k", "1",
        "--output", k1.toString(), "--quiet").exit());
    LocalRun.Result other = LocalRun.run(conf, new PublishTool(), "--run", k1.toString(), "--registry", registry.toString());
    assertEquals(null, oneLineFailure(other, "k=3", "k=1", "another --registry"), other.err());
    LocalRun.Result linear = LocalRun.run(conf, new PublishTool(), "--run", sgdRun.toString(), "--registry",
        registry.toString());
    assertEquals(null, oneLineFailure(linear, "KMeansModel", "LinearModel"), linear.err());
    assertEquals(registryBefore, digest(registry), "a refused publication changed the registry");

    // The copy is checked on every read: a changed publication is refused, not served.
    Properties current = new Properties();
    try (var in = Files.newInputStream(registry.resolve("current.properties"))) {
      current.load(in);
    }
    Path copy = Path.of(new java.net.URI(current.getProperty("model")));
    // Replaced as another tool would (its .crc with it): the bytes differ, the local checksums agree.
    Files.deleteIfExists(copy.resolve(".model.avro.crc"));
    Files.write(copy.resolve("model.avro"), Files.readAllBytes(k1.resolve("model/model.avro")));
    LocalRun.Result tampered = LocalRun.run(conf, new EvaluateTool(), "--model", registry.toString(), "--input",
        iris.toString(), "--format", "csv");
    assertEquals(null, oneLineFailure(tampered, "has changed since it was published"), tampered.err());
  }

  @Test
  void aDivergingRunStopsWithoutAModelAndLeavesNothingBehind() throws Exception {
    Path out = tmp.resolve("diverged");
    LocalRun.Result r = LocalRun.run(conf, new SgdTool(), "--input", cancer.toString(), "--format", "libsvm", "--loss",
        "logistic", "--step", "1e308", "--schedule", "constant", "--epochs", "3", "--output", out.toString(), "--quiet");
    assertEquals(null, oneLineFailure(r, "diverged at iteration 1", "smaller --step"), r.err());
    assertFalse(Files.exists(out), "the diverged run left " + out);
  }

  @Test
  void anAbsurdKIsRefusedByTheDataNotByTheHeap() throws Exception {
    Path points = Files.writeString(tmp.resolve("three.csv"), "1,2\n3,4\n5,6\n");
    Path out = tmp.resolve("absurd-k");
    LocalRun.Result r = LocalRun.run(conf, new KMeansTool(), "--input", points.toString(), "--format", "csv", "--k",
        "2000000000", "--output", out.toString(), "--quiet");
    assertEquals(null, oneLineFailure(r, "--k 2000000000 is larger than the number of points (3)"), r.err());
    assertFalse(Files.exists(out), "the refused run left " + out + " behind, so the rerun would be refused");
  }

  /** Null when {@code r} failed as a user error should: exit 1, one error line holding every part, no stack trace. */
  static String oneLineFailure(LocalRun.Result r, String... parts) {
    List<String> errors = r.err().lines().filter(l -> l.contains("error:")).toList();
    if (r.exit() != 1) return "exit " + r.exit();
    if (errors.size() != 1) return errors.size() + " error lines";
    if (r.err().contains("\tat ")) return "a stack trace";
    for (String part : parts) if (!errors.get(0).contains(part)) return "no '" + part + "' in: " + errors.get(0);
    return null;
  }

  private static double evaluateWssse(Path model) throws Exception {
    LocalRun.Result r = LocalRun.run(conf, new EvaluateTool(), "--model", model.toString(), "--input", iris.toString(),
        "--format", "csv");
    assertEquals(0, r.exit(), r.err());
    return r.json().get("wssse").asDouble();
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void deleteTree(Path p) throws Exception {
    try (var files = Files.walk(p)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
    }
  }

  /** A folder's SHA-256: its files' relative names and bytes in name order. */
  static String digest(Path p) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (var files = Files.walk(p)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        md.update(p.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
        md.update(Files.readAllBytes(f));
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
