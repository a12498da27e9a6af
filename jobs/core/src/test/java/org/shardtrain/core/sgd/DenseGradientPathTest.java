package org.shardtrain.core.sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.kernel.CpuKernels;

/**
 * A dense training set's gradient pass runs on the dense kernel (what YARN workers do) and gives the CSR
 * loop's statistics (the MapReduce mappers'), for the whole set and for a mini-batch; sparse sets keep the
 * CSR loop.
 */
class DenseGradientPathTest {
  @Test
  void theDenseKernelGivesTheCsrLoopsGradient() {
    Random r = new Random(4);
    int n = 3000, d = 12;
    SparseExamples train = new SparseExamples();
    int[] idx = new int[d];
    double[] val = new double[d];
    for (int i = 0; i < n; i++) {
      int nnz = 0;
      for (int j = 0; j < d; j++) {
        if (j == i % d) continue; // ~92% present: dense enough
        idx[nnz] = j;
        val[nnz++] = r.nextGaussian() * (1 + j);
      }
      train.add(r.nextBoolean() ? 1 : 0, idx, val, nnz);
    }
    assertNotNull(DenseExamples.of(train, d));
    FeatureScaling scaling = new InMemorySgdPasses(train, new SparseExamples(), 1, 1).scan().scaling(d, true, false);
    double[] w = new double[d];
    for (int j = 0; j < d; j++) w[j] = r.nextGaussian() * 0.1;
    SgdState state = new SgdState(w, 0.2, 3, null, scaling);
    for (double fraction : new double[] {1.0, 0.3}) {
      GradientStats csr = new InMemorySgdPasses(train, new SparseExamples(), 9, 1).gradient(state, Loss.LOGISTIC, 5, fraction);
      GradientStats dense;
      try (CpuKernels kernels = new CpuKernels(2)) {
        dense = new InMemorySgdPasses(train, new SparseExamples(), 9, 1, kernels).gradient(state, Loss.LOGISTIC, 5, fraction);
      }
      assertEquals(csr.count(), dense.count(), "the same mini-batch");
      for (int i = 0; i < csr.flat().length; i++) {
        assertEquals(csr.flat()[i], dense.flat()[i], 1e-10 * (1 + Math.abs(csr.flat()[i])), "fraction " + fraction + ", stat " + i);
      }
    }
  }

  @Test
  void sparseSetsHaveNoDenseCopy() {
    SparseExamples s = new SparseExamples();
    for (int i = 0; i < 100; i++) s.add(1, new int[] {i % 50}, new double[] {1.0}, 1);
    assertNull(DenseExamples.of(s, 50));
  }
}
