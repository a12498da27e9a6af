package org.shardtrain.core.als;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The per-user solve against the objective it must minimise, evaluated densely (brute force): at the
 * solution the objective's gradient is zero.
 */
class NormalEquationTest {
  private static final int K = 5;
  private static final int ITEMS = 30;

  private static double[] randomFactors(Random r, int rows) {
    double[] f = new double[rows * K];
    for (int i = 0; i < f.length; i++) f[i] = r.nextGaussian();
    return f;
  }

  @Test
  void explicitSolveZeroesTheGradientOfTheWeightedLambdaObjective() {
    Random r = new Random(1);
    double[] y = randomFactors(r, ITEMS);
    int[] rated = {0, 3, 4, 9, 12, 17, 21, 22, 28};
    double[] ratings = new double[rated.length];
    NormalEquation ne = new NormalEquation(K);
    for (int t = 0; t < rated.length; t++) {
      ratings[t] = 1 + r.nextInt(5);
      ne.addExplicit(y, rated[t] * K, ratings[t]);
    }
    double lambda = 0.1;
    double[] x = ne.solve(lambda);
    // Objective: Σ (r − x·y)² + λ·n·‖x‖²; gradient −2 Σ (r − x·y) y + 2 λ n x.
    for (int j = 0; j < K; j++) {
      double grad = 2 * lambda * rated.length * x[j];
      for (int t = 0; t < rated.length; t++) {
        double pred = 0;
        for (int q = 0; q < K; q++) pred += x[q] * y[rated[t] * K + q];
        grad -= 2 * (ratings[t] - pred) * y[rated[t] * K + j];
      }
      assertEquals(0.0, grad, 1e-9, "gradient component " + j);
    }
  }

  @Test
  void implicitSolveWithThePrecomputedGramMatchesTheDenseObjective() {
    Random r = new Random(2);
    double[] y = randomFactors(r, ITEMS);
    double alpha = 40;
    double lambda = 0.05;
    double[] observed = new double[ITEMS]; // 0 = unobserved
    int n = 0;
    NormalEquation ne = new NormalEquation(K);
    ne.addGram(NormalEquation.gram(y, ITEMS, K));
    for (int i = 0; i < ITEMS; i++) {
      if (r.nextDouble() < 0.3) {
        observed[i] = 1 + r.nextInt(5);
        ne.addImplicit(y, i * K, observed[i], alpha);
        n++;
      }
    }
    assertEquals(n, ne.count());
    double[] x = ne.solve(lambda);
    // Dense objective over ALL items: Σ_i c_i (p_i − x·y_i)² + λ·n·‖x‖², c_i = 1 + α r_i, p_i = [r_i > 0].
    for (int j = 0; j < K; j++) {
      double grad = 2 * lambda * n * x[j];
      for (int i = 0; i < ITEMS; i++) {
        double c = 1 + alpha * observed[i];
        double p = observed[i] > 0 ? 1 : 0;
        double pred = 0;
        for (int q = 0; q < K; q++) pred += x[q] * y[i * K + q];
        grad -= 2 * c * (p - pred) * y[i * K + j];
      }
      assertEquals(0.0, grad, 1e-8, "gradient component " + j);
    }
  }

  @Test
  void mergedPartsSolveLikeTheWhole() {
    Random r = new Random(3);
    double[] y = randomFactors(r, ITEMS);
    NormalEquation whole = new NormalEquation(K);
    NormalEquation a = new NormalEquation(K);
    NormalEquation b = new NormalEquation(K);
    for (int i = 0; i < ITEMS; i++) {
      double rating = r.nextDouble() * 5;
      whole.addExplicit(y, i * K, rating);
      (i % 2 == 0 ? a : b).addExplicit(y, i * K, rating);
    }
    a.merge(b);
    assertArrayEquals(whole.solve(0.1), a.solve(0.1), 1e-12);
  }

  @Test
  void choleskySolvesAKnownSystemAndRefusesAnIndefiniteOne() {
    // A = [[4, 2], [2, 3]] packed by columns: (0,0), (0,1), (1,1).
    double[] a = {4, 2, 3};
    double[] b = {2, 1};
    Cholesky.solvePacked(a, b, 2);
    assertArrayEquals(new double[] {0.5, 0.0}, b, 1e-12);
    assertThrows(ArithmeticException.class, () -> Cholesky.solvePacked(new double[] {1, 2, 1}, new double[] {1, 1}, 2));
  }
}
