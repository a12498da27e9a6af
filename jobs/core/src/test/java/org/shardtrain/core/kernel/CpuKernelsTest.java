package org.shardtrain.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.sgd.Loss;

/**
 * The CPU kernels against the naive loops of {@link ReferenceKernels} on random blocks, with sizes that do
 * not divide the tile (8 points), the vector width or the chunk sizes; and the promise that the answer does
 * not depend on the thread count or on whether the Vector API is present.
 */
class CpuKernelsTest {
  private static final int[][] KMEANS_SHAPES = {{1, 1, 1}, {7, 3, 5}, {8, 20, 20}, {4097, 13, 9}, {9000, 20, 20}, {301, 64, 33}};

  @Test
  void kmeansMatchesTheNaiveLoopOnRandomBlocks() {
    for (int[] shape : KMEANS_SHAPES) {
      for (boolean euclidean : new boolean[] {true, false}) {
        int n = shape[0], d = shape[1], k = shape[2];
        Random r = new Random(n * 31L + d);
        double[] x = points(r, n, d, !euclidean);
        double[] c = points(r, k, d, !euclidean);
        KMeans naive = KMeans.run(new ReferenceKernels(), x, n, d, c, k, euclidean);
        try (CpuKernels cpu = new CpuKernels(3)) {
          KMeans fast = KMeans.run(cpu, x, n, d, c, k, euclidean);
          int differ = 0;
          for (int p = 0; p < n; p++) {
            if (fast.nearest[p] != naive.nearest[p]) {
              differ++;
              // Only a near-tie may go the other way (the expanded form rounds differently).
              assertEquals(naive.distance[p], fast.distance[p], 1e-9 * (1 + naive.distance[p]), "point " + p);
            } else {
              assertEquals(naive.distance[p], fast.distance[p], 1e-12 * (1 + naive.distance[p]));
            }
          }
          assertEquals(0, differ, "random points have no near-ties: " + differ + " of " + n + " differ");
          assertArrayEquals(naive.counts, fast.counts);
          for (int i = 0; i < k * d; i++) assertEquals(naive.sums[i], fast.sums[i], 1e-9 * (1 + Math.abs(naive.sums[i])));
          for (int j = 0; j < k; j++) assertEquals(naive.costs[j], fast.costs[j], 1e-9 * (1 + naive.costs[j]));
        }
      }
    }
  }

  @Test
  void kmeansGivesTheSameBitsOnAnyThreadCountWithOrWithoutVectors() {
    int n = 10_000, d = 20, k = 20;
    Random r = new Random(5);
    double[] x = points(r, n, d, false);
    double[] c = points(r, k, d, false);
    KMeans one;
    try (CpuKernels k1 = CpuKernels.scalar(1)) {
      one = KMeans.run(k1, x, n, d, c, k, true);
    }
    for (CpuKernels other : new CpuKernels[] {new CpuKernels(1), new CpuKernels(2), new CpuKernels(5)}) {
      try (other) {
        KMeans o = KMeans.run(other, x, n, d, c, k, true);
        assertArrayEquals(one.nearest, o.nearest, other.detail());
        assertArrayEquals(one.distance, o.distance, 0.0, other.detail());
        assertArrayEquals(one.sums, o.sums, 0.0, other.detail());
        assertArrayEquals(one.costs, o.costs, 0.0, other.detail());
      }
    }
  }

  /**
   * Starting from the previous pass's centres skips most centres (Elkan's test), and must still give the
   * full kernel's bits: blobs (most points pass the test), split blobs (close centres: candidates are
   * scored), exact ties (points on the bisector of two centres, equidistant copies), hints that are wrong,
   * missing (-1) or out of range, far from the origin, and NaN.
   */
  @Test
  void kmeansFromThePreviousCentresGivesTheFullKernelsBits() {
    Random r = new Random(11);
    int d = 20;
    int k = 20;
    int n = 9_001;
    double[] truth = new double[10 * d];
    for (int i = 0; i < truth.length; i++) truth[i] = r.nextDouble() * 20 - 10;
    double[] x = new double[n * d];
    for (int p = 0; p < n; p++) {
      int b = r.nextInt(10);
      for (int i = 0; i < d; i++) x[p * d + i] = truth[b * d + i] + r.nextGaussian() + (p % 500 == 0 ? 1e6 : 0);
    }
    double[] c = new double[k * d];
    for (int j = 0; j < k; j++) { // ten near the blobs, two more beside blobs 0 and 1 (split blobs), the rest anywhere
      for (int i = 0; i < d; i++) {
        c[j * d + i] = j < 12 ? truth[(j % 10) * d + i] + 0.3 * r.nextGaussian() : r.nextDouble() * 20 - 10;
      }
    }
    // Exact ties: centre 19 a copy of centre 3; points 0..9 on the midpoint of centres 0 and 1.
    System.arraycopy(c, 3 * d, c, 19 * d, d);
    for (int p = 0; p < 10; p++) for (int i = 0; i < d; i++) x[p * d + i] = (c[i] + c[d + i]) / 2;
    x[20 * d + 3] = Double.NaN;
    for (CpuKernels kernels : new CpuKernels[] {new CpuKernels(1), new CpuKernels(2), CpuKernels.scalar(1)}) {
      try (kernels) {
        KMeans full = KMeans.run(kernels, x, n, d, c, k, true);
        int[][] hintSets = new int[4][n];
        for (int p = 0; p < n; p++) {
          hintSets[0][p] = full.nearest[p];                            // last pass's answer
          hintSets[1][p] = r.nextInt(k);                               // wrong
          hintSets[2][p] = p % 7 == 0 ? -1 : full.nearest[p];          // some missing
          hintSets[3][p] = p % 11 == 0 ? k + 3 : (full.nearest[p] + 1) % k; // out of range, neighbours
        }
        for (int h = 0; h < hintSets.length; h++) {
          int[] hints = hintSets[h];
          long before = kernels.decidedByOneDistance();
          KMeans from = new KMeans(hints.clone(), new double[n], new long[k], new double[k * d], new double[k]);
          kernels.kmeansAssignFrom(x, n, d, c, k, true, from.nearest, from.distance, from.counts, from.sums, from.costs);
          assertArrayEquals(full.nearest, from.nearest, kernels.detail());
          assertArrayEquals(full.distance, from.distance, 0.0);
          assertArrayEquals(full.counts, from.counts);
          assertArrayEquals(full.sums, from.sums, 0.0);
          assertArrayEquals(full.costs, from.costs, 0.0);
          long skipped = kernels.decidedByOneDistance() - before;
          if (h == 0) assertTrue(skipped > n / 2, "the previous centres let most points skip the others: " + skipped);
        }
      }
    }
  }

  /**
   * The ALS kernel builds each row's equation in vector lanes; its factors and error must be those of
   * NormalEquation's one-rating-at-a-time sums, bit for bit (the MapReduce reducer uses NormalEquation),
   * for ranks below, at and above the vector width, empty rows included, on any thread count.
   */
  @Test
  void alsGivesNormalEquationsBitsOnEveryRank() {
    Random r = new Random(3);
    for (int k : new int[] {1, 3, 8, 10, 16, 17, 33}) {
      for (boolean implicit : new boolean[] {false, true}) {
        int rows = 130, others = 50;
        double[] y = new double[others * k];
        for (int i = 0; i < y.length; i++) y[i] = r.nextGaussian() * 0.5;
        int[] rowStart = new int[rows + 1];
        int[] other = new int[rows * 30];
        double[] ratings = new double[rows * 30];
        int q = 0;
        for (int row = 0; row < rows; row++) {
          int n = row % 13 == 0 ? 0 : 1 + r.nextInt(29);
          for (int t = 0; t < n; t++, q++) {
            other[q] = r.nextInt(others);
            ratings[q] = implicit ? r.nextInt(4) - 1 : 1 + r.nextInt(5);
          }
          rowStart[row + 1] = q;
        }
        double[] gram = org.shardtrain.core.als.NormalEquation.gram(y, others, k);
        DenseKernels.AlsSolveSpec spec = implicit ? new DenseKernels.AlsSolveSpec(0.1, true, 2.0, gram)
            : DenseKernels.AlsSolveSpec.explicit(0.1);
        double[] expected = new double[rows * k];
        double expectedSse = 0;
        for (int row = 0; row < rows; row++) {
          if (rowStart[row + 1] == rowStart[row] && !implicit) continue; // no equation to solve
          org.shardtrain.core.als.NormalEquation ne = new org.shardtrain.core.als.NormalEquation(k);
          double squares = 0;
          for (int t = rowStart[row]; t < rowStart[row + 1]; t++) {
            if (implicit) ne.addImplicit(y, other[t] * k, ratings[t], 2.0);
            else ne.addExplicit(y, other[t] * k, ratings[t]);
            squares += ratings[t] * ratings[t];
          }
          if (implicit) ne.addGram(gram);
          double[] x = ne.solve(0.1);
          if (!implicit) expectedSse += ne.squaredError(x, squares);
          System.arraycopy(x, 0, expected, row * k, k);
        }
        // Rows without ratings (explicit) have a singular equation: compare only the rows that have one.
        for (CpuKernels kernels : new CpuKernels[] {new CpuKernels(1), new CpuKernels(3), CpuKernels.scalar(1)}) {
          try (kernels) {
            double[] out = new double[rows * k];
            int[] starts = rowStart;
            double sse = 0;
            for (int row = 0; row < rows; row++) {
              if (rowStart[row + 1] == rowStart[row] && !implicit) continue;
              double[] one = new double[k];
              sse += kernels.alsSolve(new int[] {0, starts[row + 1] - starts[row]},
                  java.util.Arrays.copyOfRange(other, starts[row], starts[row + 1]),
                  java.util.Arrays.copyOfRange(ratings, starts[row], starts[row + 1]), 1, y, k, spec, one);
              System.arraycopy(one, 0, out, row * k, k);
            }
            assertArrayEquals(expected, out, 0.0, "k=" + k + (implicit ? " implicit " : " explicit ") + kernels.detail());
            if (!implicit) assertEquals(expectedSse, sse, 1e-9 * expectedSse);
            if (implicit) { // the whole block at once, as the workers call it
              double[] block = new double[rows * k];
              kernels.alsSolve(rowStart, other, ratings, rows, y, k, spec, block);
              assertArrayEquals(expected, block, 0.0, "k=" + k + " implicit block " + kernels.detail());
            }
          }
        }
      }
    }
  }

  /**
   * Rows rated more often than the vector path gathers at once (its accumulators carried between segments
   * of {@link VectorSimd#SEGMENT} ratings), and factors in small chunks on both sides (rows at chunk
   * boundaries, a partial last chunk, a rank that does not divide the chunk): still NormalEquation's bits.
   */
  @Test
  void alsGivesNormalEquationsBitsOnLongRowsAndChunkedFactors() {
    Random r = new Random(23);
    for (int k : new int[] {3, 10, 17}) {
      for (boolean implicit : new boolean[] {false, true}) {
        int rows = 5, others = 301;
        int[] counts = {2_500, 1_024, 1_025, 7, 3_001};
        int[] rowStart = new int[rows + 1];
        for (int row = 0; row < rows; row++) rowStart[row + 1] = rowStart[row] + counts[row];
        int[] other = new int[rowStart[rows]];
        double[] ratings = new double[other.length];
        for (int q = 0; q < other.length; q++) {
          other[q] = r.nextInt(others);
          ratings[q] = implicit ? r.nextInt(4) - 1 : 1 + r.nextInt(5);
        }
        org.shardtrain.core.als.FactorBlock y = new org.shardtrain.core.als.FactorBlock(others, k, 8 * k + 1);
        for (long i = 0; i < y.doubles(); i++) y.set(i, r.nextGaussian() * 0.5);
        double[] gram = org.shardtrain.core.als.NormalEquation.gram(y);
        DenseKernels.AlsSolveSpec spec = implicit ? new DenseKernels.AlsSolveSpec(0.1, true, 2.0, gram)
            : DenseKernels.AlsSolveSpec.explicit(0.1);
        double[] expected = new double[rows * k];
        for (int row = 0; row < rows; row++) {
          org.shardtrain.core.als.NormalEquation ne = new org.shardtrain.core.als.NormalEquation(k);
          for (int t = rowStart[row]; t < rowStart[row + 1]; t++) {
            if (implicit) ne.addImplicit(y.row(other[t]), 0, ratings[t], 2.0);
            else ne.addExplicit(y.row(other[t]), 0, ratings[t]);
          }
          if (implicit) ne.addGram(gram);
          System.arraycopy(ne.solve(0.1), 0, expected, row * k, k);
        }
        for (CpuKernels kernels : new CpuKernels[] {new CpuKernels(1), new CpuKernels(2), CpuKernels.scalar(1)}) {
          try (kernels) {
            org.shardtrain.core.als.FactorBlock out = new org.shardtrain.core.als.FactorBlock(rows, k, 2 * k);
            kernels.alsSolve(rowStart, other, ratings, rows, y, spec, out);
            assertEquals(3, out.chunkCount());
            assertArrayEquals(expected, out.toArray(), 0.0, "k=" + k + (implicit ? " implicit " : " explicit ") + kernels.detail());
          }
        }
      }
    }
  }

  @Test
  void alsMatchesGaussianEliminationExplicitAndImplicit() {
    Random r = new Random(11);
    for (int k : new int[] {1, 3, 10, 17}) {
      int rows = 150, others = 40;
      double[] y = new double[others * k];
      for (int i = 0; i < y.length; i++) y[i] = r.nextGaussian() * 0.5;
      int[] rowStart = new int[rows + 1];
      int[] other = new int[rows * 12];
      double[] ratings = new double[rows * 12];
      int q = 0;
      for (int row = 0; row < rows; row++) {
        int count = 1 + r.nextInt(12);
        for (int i = 0; i < count; i++) {
          other[q] = r.nextInt(others);
          ratings[q] = row % 7 == 0 ? 0 : 1 + r.nextInt(5); // some zeros for the implicit preference
          q++;
        }
        rowStart[row + 1] = q;
      }
      double[] gram = org.shardtrain.core.als.NormalEquation.gram(y, others, k);
      for (DenseKernels.AlsSolveSpec spec : new DenseKernels.AlsSolveSpec[] {
          DenseKernels.AlsSolveSpec.explicit(0.1), new DenseKernels.AlsSolveSpec(0.05, true, 2.0, gram)}) {
        double[] want = new double[rows * k];
        double[] got = new double[rows * k];
        double wantSse = new ReferenceKernels().alsSolve(rowStart, other, ratings, rows, y, k, spec, want);
        double gotSse;
        try (CpuKernels cpu = new CpuKernels(2)) {
          gotSse = cpu.alsSolve(rowStart, other, ratings, rows, y, k, spec, got);
        }
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-8 * (1 + Math.abs(want[i])), "k " + k + " value " + i);
        assertEquals(wantSse, gotSse, 1e-7 * (1 + wantSse));
        if (!spec.implicit()) assertTrue(gotSse > 0);
      }
    }
  }

  @Test
  void denseGradientMatchesTheNaiveLoopForEveryLossAndBatch() {
    Random r = new Random(3);
    int n = 5000, d = 37;
    double[] x = points(r, n, d, false);
    double[] labels = new double[n];
    for (int i = 0; i < n; i++) labels[i] = r.nextBoolean() ? 1 : 0;
    double[] v = points(r, 1, d, false);
    int[] batch = new int[n / 3];
    for (int i = 0; i < batch.length; i++) batch[i] = i * 3 + (i % 3);
    for (Loss loss : Loss.values()) {
      if (loss.isMulticlass()) continue; // the dense kernels serve one-margin losses; softmax passes are sparse
      for (int[] rows : new int[][] {null, batch}) {
        double[] want = new double[3 + d];
        double[] got = new double[3 + d];
        new ReferenceKernels().denseGradient(x, n, d, labels, rows, batch.length, v, 0.3, loss, want);
        try (CpuKernels cpu = new CpuKernels(2)) {
          cpu.denseGradient(x, n, d, labels, rows, batch.length, v, 0.3, loss, got);
        }
        assertEquals(rows == null ? n : batch.length, got[0]);
        for (int i = 0; i < want.length; i++) {
          assertEquals(want[i], got[i], 1e-9 * (1 + Math.abs(want[i])), loss + " stat " + i);
        }
      }
    }
  }

  @Test
  void vectorAndScalarGiveTheSameBitsForDotAndAxpy() {
    Simd best = Simd.best();
    Simd scalar = Simd.scalar();
    Random r = new Random(9);
    for (int n : new int[] {0, 1, 7, 8, 9, 31, 100}) {
      double[] a = points(r, 1, n + 3, false);
      double[] b = points(r, 1, n + 5, false);
      assertEquals(scalar.dot(a, 3, b, 5, n), best.dot(a, 3, b, 5, n), 0.0, best.describe());
      assertEquals(scalar.squaredDistance(a, 3, b, 5, n), best.squaredDistance(a, 3, b, 5, n), 0.0, best.describe());
      double[] y1 = b.clone();
      double[] y2 = b.clone();
      scalar.axpy(0.7, a, 2, y1, 1, n);
      best.axpy(0.7, a, 2, y2, 1, n);
      assertArrayEquals(y1, y2, 0.0);
    }
  }

  /** Under the test JVM's flags (the parent pom adds the module), the vector path is the one tested. */
  @Test
  void theTestJvmRunsTheVectorPath() {
    assertTrue(Simd.best() instanceof VectorSimd, Simd.best().describe());
  }

  private static double[] points(Random r, int n, int d, boolean unit) {
    double[] x = new double[n * d];
    for (int p = 0; p < n; p++) {
      double norm = 0;
      for (int i = 0; i < d; i++) {
        x[p * d + i] = r.nextGaussian() * 3 + (p % 3);
        norm += x[p * d + i] * x[p * d + i];
      }
      if (unit) for (int i = 0; i < d; i++) x[p * d + i] /= Math.sqrt(norm);
    }
    return x;
  }

  private record KMeans(int[] nearest, double[] distance, long[] counts, double[] sums, double[] costs) {
    static KMeans run(DenseKernels kernels, double[] x, int n, int d, double[] c, int k, boolean euclidean) {
      KMeans m = new KMeans(new int[n], new double[n], new long[k], new double[k * d], new double[k]);
      kernels.kmeansAssign(x, n, d, c, k, euclidean, m.nearest, m.distance, m.counts, m.sums, m.costs);
      return m;
    }
  }
}
