package org.shardtrain.integration.bench;

import java.util.Random;
import org.apache.mahout.math.QRDecomposition;
import org.apache.mahout.math.DenseMatrix;
import org.apache.mahout.math.Matrix;
import org.shardtrain.core.als.NormalEquation;

/**
 * ALS's per-user solve: shardtrain's packed Cholesky ({@link NormalEquation#solve}) against Mahout Math's
 * {@code QRDecomposition(A).solve(b)} — the solve Mahout's own ALS ({@code AlternatingLeastSquaresSolver})
 * uses; Mahout's {@code CholeskyDecomposition} exposes only the triangular halves, which do not compose into
 * A⁻¹b through its API. In one process, interleaved, on the same systems (k×k normal equations of 3k random
 * ratings, weighted-λ); each side starts from the accumulated sums, so each includes its copy of A.
 * Run with scripts/bench-solve.sh; prints ns per solve and the ratio, and checks both give the same x.
 */
public final class CholeskyBench {
  public static void main(String[] args) {
    System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name")
        + " " + System.getProperty("java.version"));
    for (int k : new int[] {10, 20, 50}) {
      Random r = new Random(k);
      int n = 3 * k;
      double lambda = 0.1;
      double[] y = new double[n * k];
      for (int i = 0; i < y.length; i++) y[i] = r.nextGaussian();
      NormalEquation ne = new NormalEquation(k);
      for (int i = 0; i < n; i++) ne.addExplicit(y, i * k, 1 + r.nextInt(5));
      double[] packed = ne.packedLhs();
      DenseMatrix a = new DenseMatrix(k, k);
      for (int j = 0, idx = 0; j < k; j++) {
        for (int i = 0; i <= j; i++, idx++) {
          a.set(i, j, packed[idx]);
          a.set(j, i, packed[idx]);
        }
      }
      for (int i = 0; i < k; i++) a.set(i, i, a.get(i, i) + lambda * n);
      // A·x = b with b recovered from our solution (the same system for both).
      double[] ours = ne.solve(lambda);
      Matrix rhs = a.times(new DenseMatrix(new double[][] {ours}).transpose());
      Matrix theirs = new QRDecomposition(a.clone()).solve(rhs);
      double maxDiff = 0;
      for (int i = 0; i < k; i++) maxDiff = Math.max(maxDiff, Math.abs(theirs.get(i, 0) - ours[i]));
      int iters = 2_000_000 / (k * k);
      double sink = 0;
      double bestOurs = Double.MAX_VALUE;
      double bestMahout = Double.MAX_VALUE;
      for (int rep = 0; rep < 7; rep++) {
        long t0 = System.nanoTime();
        for (int it = 0; it < iters; it++) sink += ne.solve(lambda)[0];
        long t1 = System.nanoTime();
        for (int it = 0; it < iters; it++) sink += new QRDecomposition(a.clone()).solve(rhs).get(0, 0);
        long t2 = System.nanoTime();
        bestOurs = Math.min(bestOurs, (t1 - t0) / (double) iters);
        bestMahout = Math.min(bestMahout, (t2 - t1) / (double) iters);
      }
      System.out.printf("k=%-3d shardtrain Cholesky %8.0f ns/solve, Mahout Math 0.13 QR %9.0f ns/solve, Mahout/shardtrain %.1f x"
          + " (best of 7; max |x difference| %.1e)%s%n", k, bestOurs, bestMahout, bestMahout / bestOurs, maxDiff,
          sink == 42 ? "" : "");
    }
  }
}
