package org.shardtrain.core.sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The SGD math against finite differences and closed forms. */
class SgdMathTest {

  @Test
  void eachLossDerivativeMatchesFiniteDifferences() {
    double h = 1e-6;
    for (Loss loss : Loss.values()) {
      if (loss.isMulticlass()) continue; // K margins: MultinomialTest checks Softmax by finite differences
      for (double label : new double[] {-1, 0, 1, 2.5}) {
        if (loss.isBinary() && label == 2.5) continue;
        for (double m : new double[] {-3.1, -0.4, 0.3, 0.7, 2.2, 5}) {
          if (loss == Loss.HINGE && Math.abs(1 - (label > 0 ? 1 : -1) * m) < 1e-3) continue; // the kink
          double numeric = (loss.value(m + h, label) - loss.value(m - h, label)) / (2 * h);
          assertEquals(numeric, loss.derivative(m, label), 1e-6, loss + " m=" + m + " y=" + label);
        }
      }
    }
  }

  @Test
  void logisticLossIsStableForLargeMargins() {
    assertEquals(1000.0, Loss.LOGISTIC.value(-1000, 1), 1e-9);
    assertEquals(0.0, Loss.LOGISTIC.value(1000, 1), 1e-12);
    assertEquals(1.0, Loss.sigmoid(800), 0);
  }

  @Test
  void l1ProximalStepMinimisesItsObjective() {
    // prox(w) = argmin_v ½(v − w)² + t·λ·|v|; check against a fine grid search of that objective.
    Regularization l1 = new Regularization(Regularization.Kind.L1, 0.3, 0);
    for (double w : new double[] {-2, -0.31, -0.1, 0, 0.05, 0.29, 0.31, 1.7}) {
      double t = 0.9;
      double best = Double.NaN, bestValue = Double.POSITIVE_INFINITY;
      for (double v = -3; v <= 3; v += 1e-5) {
        double value = 0.5 * (v - w) * (v - w) + t * 0.3 * Math.abs(v);
        if (value < bestValue) { bestValue = value; best = v; }
      }
      assertEquals(best, l1.prox(w, t), 2e-5, "w=" + w);
    }
    assertEquals(0.0, l1.prox(0.2, 0.9), 0.0, "small weights become exactly zero");
  }

  @Test
  void theStandardisedStepFollowsTheGradientOfTheStandardisedObjective() {
    // Random sparse data; the step is taken from raw-feature sums, the check uses explicitly standardised
    // dense features: J(w, b) = mean L(w·z + b, y') + l2/2·|w|².
    Random r = new Random(5);
    int d = 6, n = 40;
    SparseExamples ex = new SparseExamples();
    double[][] dense = new double[n][d];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      int[] idx = new int[d];
      double[] val = new double[d];
      int k = 0;
      for (int j = 0; j < d; j++) {
        if (r.nextDouble() < 0.6) {
          idx[k] = j;
          val[k] = 3 + 2 * r.nextGaussian();
          dense[i][j] = val[k];
          k++;
        }
      }
      y[i] = 10 + 4 * r.nextGaussian();
      ex.add(y[i], idx, val, k);
    }
    FeatureStats fs = new FeatureStats();
    for (int i = 0; i < n; i++) fs.add(ex.label(i), ex.indices(), ex.values(), ex.from(i), ex.to(i));
    FeatureScaling sc = fs.scaling(d, true, true);
    double[] w0 = {0.3, -0.2, 0.1, 0.5, -0.4, 0.05};
    SgdState s = new SgdState(w0, 0.7, 0, null, sc);
    Regularization l2 = new Regularization(Regularization.Kind.L2, 0.1, 0);

    GradientStats g = new GradientStats(d);
    LinearModel mm = s.marginModel(Loss.SQUARED);
    for (int i = 0; i < n; i++) g.add(Loss.SQUARED, mm, sc.label(ex.label(i)), ex.indices(), ex.values(), ex.from(i), ex.to(i));
    double eta = 1e-3;
    SgdState next = SgdUpdate.step(s, g, Loss.SQUARED, l2, Schedule.CONSTANT, eta, true);

    java.util.function.BiFunction<double[], Double, Double> objective = (w, b) -> {
      double total = 0;
      for (int i = 0; i < n; i++) {
        double m = b;
        for (int j = 0; j < d; j++) m += w[j] * (dense[i][j] - sc.mean()[j]) * sc.invStd()[j];
        total += Loss.SQUARED.value(m, sc.label(y[i]));
      }
      double pen = 0;
      for (double v : w) pen += v * v;
      return total / n + 0.5 * 0.1 * pen;
    };
    double h = 1e-6;
    for (int j = 0; j < d; j++) {
      double[] plus = w0.clone(), minus = w0.clone();
      plus[j] += h;
      minus[j] -= h;
      double numeric = (objective.apply(plus, 0.7) - objective.apply(minus, 0.7)) / (2 * h);
      assertEquals(numeric, (w0[j] - next.weights()[j]) / eta, 1e-5, "w_" + j);
    }
    double numericB = (objective.apply(w0, 0.7 + h) - objective.apply(w0, 0.7 - h)) / (2 * h);
    assertEquals(numericB, (0.7 - next.intercept()) / eta, 1e-5, "b");

    // The raw-feature model predicts what the standardised one does (in label units).
    LinearModel raw = s.toModel(Loss.SQUARED);
    for (int i = 0; i < n; i++) {
      double m = 0.7;
      for (int j = 0; j < d; j++) m += w0[j] * (dense[i][j] - sc.mean()[j]) * sc.invStd()[j];
      double expected = m * sc.labelStd() + sc.labelMean();
      assertEquals(expected, raw.margin(ex.indices(), ex.values(), ex.from(i), ex.to(i)), 1e-9);
    }
  }

  @Test
  void aucFromHistogramsMatchesTheRankStatistic() {
    Random r = new Random(9);
    EvalStats e = new EvalStats();
    int n = 3000;
    double[] scores = new double[n];
    boolean[] pos = new boolean[n];
    for (int i = 0; i < n; i++) {
      pos[i] = r.nextBoolean();
      scores[i] = r.nextGaussian() + (pos[i] ? 0.8 : 0);
      LinearModel m = new LinearModel(Loss.LOGISTIC, new double[] {1}, 0);
      e.add(m, pos[i] ? 1 : 0, new int[] {0}, new double[] {scores[i]}, 0, 1);
    }
    double wins = 0, pairs = 0;
    for (int i = 0; i < n; i++) {
      if (!pos[i]) continue;
      for (int j = 0; j < n; j++) {
        if (pos[j]) continue;
        pairs++;
        wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
      }
    }
    assertEquals(wins / pairs, e.auc(), 1e-3);
  }
}
