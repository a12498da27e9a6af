package org.shardtrain.core.als;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** A row's finish: Gram term, solve, squared error — against the same steps done by hand. */
class RowSolveTest {
  private static final int K = 4;

  @Test
  void explicitFinishIsTheSolveAndTheRowsSquaredError() {
    Random r = new Random(3);
    double[] y = new double[12 * K];
    for (int i = 0; i < y.length; i++) y[i] = r.nextGaussian();
    NormalEquation ne = new NormalEquation(K);
    NormalEquation byHand = new NormalEquation(K);
    double[] ratings = new double[12];
    double sumSquares = 0;
    for (int t = 0; t < 12; t++) {
      ratings[t] = 1 + r.nextInt(5);
      ne.addExplicit(y, t * K, ratings[t]);
      byHand.addExplicit(y, t * K, ratings[t]);
      sumSquares += ratings[t] * ratings[t];
    }
    double[] out = new double[2 * K];
    double sse = RowSolve.explicit(0.1).finish(ne, sumSquares, out, K);
    double[] x = byHand.solve(0.1);
    double[] got = java.util.Arrays.copyOfRange(out, K, 2 * K);
    assertArrayEquals(x, got, 0); // bit for bit: the same arithmetic
    assertEquals(byHand.squaredError(x, sumSquares), sse, 0);
    // ... and that error is Σ (r − x·y)² over the ratings.
    double direct = 0;
    for (int t = 0; t < 12; t++) {
      double p = 0;
      for (int j = 0; j < K; j++) p += x[j] * y[t * K + j];
      direct += (ratings[t] - p) * (ratings[t] - p);
    }
    assertEquals(direct, sse, 1e-9 * direct);
  }

  @Test
  void implicitFinishAddsTheGramMatrixAndMeasuresNoError() {
    Random r = new Random(4);
    double[] all = new double[20 * K];
    for (int i = 0; i < all.length; i++) all[i] = r.nextGaussian();
    double[] gram = NormalEquation.gram(all, 20, K);
    NormalEquation ne = new NormalEquation(K);
    NormalEquation byHand = new NormalEquation(K);
    for (int t : new int[] {1, 5, 6, 13}) {
      ne.addImplicit(all, t * K, t % 3, 2);
      byHand.addImplicit(all, t * K, t % 3, 2);
    }
    byHand.addGram(gram);
    double[] out = new double[K];
    assertEquals(0, RowSolve.implicit(0.5, gram).finish(ne, 99, out, 0));
    assertArrayEquals(byHand.solve(0.5), out, 0);
    assertThrows(IllegalArgumentException.class, () -> RowSolve.implicit(0.5, null));
  }
}
