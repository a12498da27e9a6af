package org.shardtrain.mapreduce.program;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.loop.CheckpointStore;
import org.shardtrain.core.loop.IterationListener;
import org.shardtrain.core.loop.IterationLoop;
import org.shardtrain.core.loop.IterativeAlgorithm;
import org.shardtrain.core.sgd.InMemorySgdPasses;
import org.shardtrain.core.sgd.LinearModel;
import org.shardtrain.core.sgd.Loss;
import org.shardtrain.core.sgd.Optimizer;
import org.shardtrain.core.sgd.QuasiNewtonAlgorithm;
import org.shardtrain.core.sgd.Regularization;
import org.shardtrain.core.sgd.Schedule;
import org.shardtrain.core.sgd.SgdAlgorithm;
import org.shardtrain.core.sgd.SgdParams;
import org.shardtrain.core.sgd.SgdState;
import org.shardtrain.core.sgd.SparseExamples;
import org.shardtrain.core.testing.Datasets;
import org.shardtrain.host.program.LinearTool;
import org.shardtrain.host.program.ModelFiles;
import org.shardtrain.host.program.SgdTool;
import org.shardtrain.mapreduce.testing.LocalRun;

/**
 * Multinomial logistic regression as MapReduce jobs on the shipped digits (1,797 8×8 images, 10 classes):
 * {@code linear} (L-BFGS) and {@code sgd} (gradient averaging) against the in-process reference engine and
 * SciPy's optimum (data/references/linear.tsv), then evaluate and predict reading the model.
 */
class MultinomialLocalRunnerTest {
  @TempDir static Path tmp;
  static Configuration conf;
  static Path train;
  static Path test;
  static SparseExamples[] digits;

  @BeforeAll
  static void setUp() throws IOException {
    conf = LocalRun.conf(tmp);
    double[][] x = Datasets.readCsv(Datasets.shipped("digits/points.csv"));
    List<String> y = Files.readAllLines(Datasets.shipped("digits/labels.txt"));
    // Every fifth image is the test set, as in scripts/reference/linear_references.py.
    StringBuilder a = new StringBuilder();
    StringBuilder b = new StringBuilder();
    digits = new SparseExamples[] {new SparseExamples(), new SparseExamples()};
    for (int i = 0; i < x.length; i++) {
      StringBuilder line = i % 5 == 0 ? b : a;
      line.append(y.get(i).trim());
      int[] idx = new int[x[i].length];
      for (int j = 0; j < x[i].length; j++) {
        idx[j] = j;
        if (x[i][j] != 0) line.append(' ').append(j + 1).append(':').append(x[i][j]);
      }
      line.append('\n');
      digits[i % 5 == 0 ? 1 : 0].add(Double.parseDouble(y.get(i)), idx, x[i], idx.length);
    }
    train = Files.writeString(tmp.resolve("digits-train.libsvm"), a);
    test = Files.writeString(tmp.resolve("digits-test.libsvm"), b);
  }

  static JsonNode run(org.shardtrain.host.program.ProgramTool tool, String name, String... args) throws Exception {
    List<String> a = new ArrayList<>(List.of("--input", train.toString(), "--test-input", test.toString(),
        "--format", "libsvm", "--loss", "multinomial", "--standardize", "--intercept", "--output", tmp.resolve(name).toString()));
    a.addAll(List.of(args));
    LocalRun.Result r = LocalRun.run(conf, tool, a.toArray(new String[0]));
    assertEquals(0, r.exit(), r.err());
    return LocalRun.metrics(tmp.resolve(name));
  }

  static LinearModel reference(IterativeAlgorithm<SgdState> algorithm, int iterations) throws Exception {
    return new IterationLoop<>(algorithm, CheckpointStore.<SgdState>none(), IterationListener.NONE)
        .run(iterations, false).model().toModel(Loss.MULTINOMIAL);
  }

  static SgdParams params(Optimizer optimizer, int iterations, double tol) {
    return new SgdParams(Loss.MULTINOMIAL, new Regularization(Regularization.Kind.L2, 1e-2, 0), 0.5, Schedule.ADAGRAD,
        0, iterations, SgdParams.Averaging.GRADIENT, true, true, null, null, 0, 42, tol, optimizer, 10);
  }

  @Test
  void linearReachesScipysOptimumAndEvaluateAndPredictReadTheModel() throws Exception {
    JsonNode m = run(new LinearTool(), "digits-linear", "--reg", "l2", "--lambda", "1e-2", "--tol", "1e-10");
    // SciPy (data/references/linear.tsv, digits-multinomial-standardised-l2-1e-2): objective 0.26313785914908,
    // test accuracy 0.95556, test log-loss 0.18902.
    JsonNode last = m.get("history").get(m.get("history").size() - 1);
    assertEquals(0.2631378591490824, last.get("objective").asDouble(), 1e-6 * 0.2631378591490824);
    assertEquals(0.9555555555555556, m.get("test_accuracy").asDouble(), 0.005);
    assertEquals(0.18902360427607384, m.get("test_log_loss").asDouble(), 1e-3);
    assertEquals(10, m.get("classes").size());
    assertEquals(10, m.get("test_confusion").size());
    long diagonal = 0;
    for (int c = 0; c < 10; c++) diagonal += m.get("test_confusion").get(c).get(c).asLong();
    assertEquals(m.get("test_accuracy").asDouble(), diagonal / (double) digits[1].size(), 1e-12);

    LinearModel trained = ModelFiles.readLinear(conf, tmp.resolve("digits-linear").toString());
    SgdParams p = params(Optimizer.LBFGS, 100, 1e-10);
    LinearModel ref = reference(new QuasiNewtonAlgorithm(p, new InMemorySgdPasses(digits[0], digits[1], 42, 1), null), 100);
    assertArrayEquals(ref.weights(), trained.weights(), 1e-9);
    assertArrayEquals(ref.classes().intercepts(), trained.classes().intercepts(), 1e-9);

    LocalRun.Result e = LocalRun.run(conf, new EvaluateTool(), "--model", tmp.resolve("digits-linear").toString(),
        "--input", test.toString(), "--format", "libsvm");
    assertEquals(0, e.exit(), e.err());
    assertEquals(m.get("test_accuracy").asDouble(), e.json().get("test_accuracy").asDouble(), 1e-12);
    assertEquals(m.get("test_log_loss").asDouble(), e.json().get("test_log_loss").asDouble(), 1e-12);
    assertEquals(m.get("test_confusion"), e.json().get("test_confusion"));

    Path scores = tmp.resolve("digits-scores");
    LocalRun.Result pr = LocalRun.run(conf, new PredictTool(), "--model", tmp.resolve("digits-linear").toString(),
        "--input", test.toString(), "--format", "libsvm", "--output", scores.toString());
    assertEquals(0, pr.exit(), pr.err());
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(scores)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList()) {
        lines.addAll(Files.readAllLines(f));
      }
    }
    assertEquals(digits[1].size(), lines.size());
    int correct = 0;
    for (int i = 0; i < lines.size(); i++) {
      String[] f = lines.get(i).split("\t");
      assertEquals(12, f.length, "label, class, 10 probabilities: " + lines.get(i));
      assertEquals(digits[1].label(i), Double.parseDouble(f[0]), "input order, line " + (i + 1));
      double sum = 0, best = -1;
      int argmax = -1;
      for (int c = 0; c < 10; c++) {
        double q = Double.parseDouble(f[2 + c]);
        sum += q;
        if (q > best) {
          best = q;
          argmax = c;
        }
      }
      assertEquals(1, sum, 1e-12);
      assertEquals(trained.classes().labels()[argmax], Double.parseDouble(f[1]));
      if (Double.parseDouble(f[1]) == digits[1].label(i)) correct++;
    }
    assertEquals(m.get("test_accuracy").asDouble(), correct / (double) lines.size(), 1e-12);
  }

  @Test
  void sgdGradientAveragingEqualsTheReferenceEngine() throws Exception {
    JsonNode m = run(new SgdTool(), "digits-sgd", "--reg", "l2", "--lambda", "1e-2", "--epochs", "15");
    assertEquals(15, m.get("iterations").asInt());
    assertTrue(m.get("test_accuracy").asDouble() >= 0.9, m.toString());
    LinearModel trained = ModelFiles.readLinear(conf, tmp.resolve("digits-sgd").toString());
    SgdParams p = params(Optimizer.SGD, 15, 0);
    LinearModel ref = reference(new SgdAlgorithm(p, new InMemorySgdPasses(digits[0], digits[1], 42, 1), null), 15);
    assertArrayEquals(ref.weights(), trained.weights(), 1e-9);
    assertArrayEquals(ref.classes().intercepts(), trained.classes().intercepts(), 1e-9);
  }

  @Test
  void aLabelThatIsNotAClassIdIsNamedWithItsLine() throws Exception {
    Path bad = Files.writeString(tmp.resolve("bad.libsvm"), "0 1:1\n1 1:2\n2.5 1:3\n");
    LocalRun.Result r = LocalRun.run(conf, new LinearTool(), "--input", bad.toString(), "--format", "libsvm",
        "--loss", "multinomial", "--output", tmp.resolve("bad-out").toString());
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.err().contains("bad.libsvm, line 3: label 2.5 is not a class id"), r.err());
  }
}
