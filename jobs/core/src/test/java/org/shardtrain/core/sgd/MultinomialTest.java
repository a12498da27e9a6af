package org.shardtrain.core.sgd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.loop.CheckpointStore;
import org.shardtrain.core.loop.IterationListener;
import org.shardtrain.core.loop.IterationLoop;
import org.shardtrain.core.loop.TrainingState;
import org.shardtrain.core.testing.Datasets;

/** Multinomial logistic regression against finite differences and SciPy's optima on digits and letters. */
class MultinomialTest {

  /** Rows of a CSV with class ids from a labels file (letters A–Z become 0–25), every fifth row apart. */
  static SparseExamples[] readSplit(Path points, Path labels) throws IOException {
    double[][] x = Datasets.readCsv(points);
    List<String> y = Files.readAllLines(labels);
    SparseExamples train = new SparseExamples();
    SparseExamples test = new SparseExamples();
    for (int i = 0; i < x.length; i++) {
      String l = y.get(i).trim();
      double label = Character.isLetter(l.charAt(0)) ? l.charAt(0) - 'A' : Double.parseDouble(l);
      int[] idx = new int[x[i].length];
      for (int j = 0; j < idx.length; j++) idx[j] = j;
      (i % 5 == 0 ? test : train).add(label, idx, x[i], idx.length);
    }
    return new SparseExamples[] {train, test};
  }

  static SgdParams params(Optimizer optimizer, double l2, int iterations, double tol) {
    return new SgdParams(Loss.MULTINOMIAL, new Regularization(Regularization.Kind.L2, l2, 0), 0.5, Schedule.ADAGRAD, 0,
        iterations, SgdParams.Averaging.GRADIENT, true, true, null, null, 0, 1, tol, optimizer, 10);
  }

  @Test
  void softmaxGradientEqualsFiniteDifferences() throws Exception {
    SparseExamples[] digits = readSplit(Datasets.shipped("digits/points.csv"), Datasets.shipped("digits/labels.txt"));
    InMemorySgdPasses passes = new InMemorySgdPasses(digits[0], digits[1], 1, 3);
    Regularization reg = new Regularization(Regularization.Kind.L2, 0.05, 0);
    SgdState start = LinearStart.of(params(Optimizer.LBFGS, 0.05, 1, 0), passes, null, false).state();
    assertEquals(10, start.classes().count());
    Random r = new Random(9);
    double[] x = start.point();
    for (int j = 0; j < x.length; j++) x[j] = r.nextGaussian() * 0.1;
    SgdState at = start.atPoint(x, 0, null);
    double[] gradient = LinearObjective.of(at, passes.gradient(at, Loss.MULTINOMIAL, 0, 1), reg, true).gradient();
    int d = start.dimension();
    for (int j : new int[] {3, d + 20, 7 * d + 63, 10 * d, 10 * d + 9}) { // weights of classes 0, 1, 7; intercepts 0, 9
      double h = 1e-6;
      double[] up = x.clone();
      double[] down = x.clone();
      up[j] += h;
      down[j] -= h;
      double slope = (value(passes, start, up, reg) - value(passes, start, down, reg)) / (2 * h);
      assertEquals(slope, gradient[j], 1e-7, "coordinate " + j);
    }
  }

  private static double value(InMemorySgdPasses passes, SgdState start, double[] x, Regularization reg) {
    SgdState s = start.atPoint(x, 0, null);
    return LinearObjective.of(s, passes.gradient(s, Loss.MULTINOMIAL, 0, 1), reg, true).smoothValue();
  }

  @Test
  void digitsLbfgsReachesScipysObjectiveAndTestAccuracy() throws Exception {
    SparseExamples[] digits = readSplit(Datasets.shipped("digits/points.csv"), Datasets.shipped("digits/labels.txt"));
    checkAgainstScipy(digits, "digits-multinomial-standardised-l2-1e-2", 1e-2);
  }

  @Test
  void lettersLbfgsReachesScipysObjectiveAndTestAccuracy() throws Exception {
    SparseExamples[] letters = readSplit(Datasets.shared("letter-recognition/points.csv"),
        Datasets.shared("letter-recognition/labels.txt"));
    checkAgainstScipy(letters, "letters-multinomial-standardised-l2-1e-3", 1e-3);
  }

  private static void checkAgainstScipy(SparseExamples[] data, String name, double l2) throws Exception {
    LinearReferences ref = LinearReferences.of(name);
    SgdParams p = params(Optimizer.LBFGS, l2, 1000, 1e-12);
    TrainingState<SgdState> fitted = new IterationLoop<>(new QuasiNewtonAlgorithm(p,
        new InMemorySgdPasses(data[0], data[1], 1, 3), null), CheckpointStore.<SgdState>none(), IterationListener.NONE)
        .run(p.epochs(), false);
    SgdState s = fitted.model();
    assertTrue(fitted.converged(), "stopped by its tolerance, not the cap: " + fitted.iteration());
    // The objective written here from its definition, on features standardised as SciPy's script does.
    double objective = softmaxObjective(data[0], s, l2);
    assertEquals(ref.get("objective"), objective, 1e-6 * ref.get("objective"));
    EvalStats test = new InMemorySgdPasses(data[0], data[1], 1, 1).evaluate(s.toModel(Loss.MULTINOMIAL));
    assertEquals(ref.get("test_accuracy"), test.accuracy(), 0.005);
    assertEquals(ref.get("test_log_loss"), test.logLoss(), 1e-3);
    long[][] confusion = test.confusion();
    long total = 0, diagonal = 0;
    for (int a = 0; a < confusion.length; a++) {
      for (int b = 0; b < confusion.length; b++) total += confusion[a][b];
      diagonal += confusion[a][a];
    }
    assertEquals(data[1].size(), total);
    assertEquals(test.accuracy(), diagonal / (double) total, 1e-12);
    assertArrayEquals(ref.weights(), s.weights(), 1e-3);
  }

  /** mean(log Σ_k e^{m_k} − m_y) + l2/2·‖W‖², m_k = W_k·z + b_k, z standardised with population σ. */
  static double softmaxObjective(SparseExamples x, SgdState s, double l2) {
    int n = x.size();
    int d = s.dimension();
    int k = s.rows();
    double[] sum = new double[d];
    double[] sq = new double[d];
    for (int i = 0; i < n; i++) {
      for (int t = x.from(i); t < x.to(i); t++) {
        sum[x.indices()[t]] += x.values()[t];
        sq[x.indices()[t]] += x.values()[t] * x.values()[t];
      }
    }
    double loss = 0;
    for (int i = 0; i < n; i++) {
      double[] z = new double[d];
      for (int t = x.from(i); t < x.to(i); t++) z[x.indices()[t]] = x.values()[t];
      for (int j = 0; j < d; j++) {
        double mu = sum[j] / n;
        double var = sq[j] / n - mu * mu;
        z[j] = var > 1e-24 ? (z[j] - mu) / Math.sqrt(var) : z[j];
      }
      double max = Double.NEGATIVE_INFINITY;
      double[] m = new double[k];
      for (int c = 0; c < k; c++) {
        m[c] = s.classes().intercepts()[c];
        for (int j = 0; j < d; j++) m[c] += s.weights()[c * d + j] * z[j];
        max = Math.max(max, m[c]);
      }
      double z0 = 0;
      for (int c = 0; c < k; c++) z0 += Math.exp(m[c] - max);
      loss += max + Math.log(z0) - m[s.classes().indexOf(x.label(i))];
    }
    double penalty = 0;
    for (double w : s.weights()) penalty += w * w;
    return loss / n + 0.5 * l2 * penalty;
  }
}
