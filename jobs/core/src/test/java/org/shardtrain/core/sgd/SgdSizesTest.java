package org.shardtrain.core.sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** SGD's per-worker sizes at a billion examples of 100 non-zeros over a million features, against BigInteger. */
class SgdSizesTest {
  private static final long EXAMPLES = 1_000_000_000L;
  private static final long NON_ZEROS = 100_000_000_000L;
  private static final int FEATURES = 1_000_000;

  @Test
  void oneHundredAndOneThousandWorkers() {
    for (int w : new int[] {100, 1_000}) {
      SgdSizes s = new SgdSizes(EXAMPLES, NON_ZEROS, FEATURES, w);
      System.out.println(s.describe());
      BigInteger n = BigInteger.valueOf(EXAMPLES / w);
      BigInteger nnz = BigInteger.valueOf(NON_ZEROS / w);
      BigInteger csr = nnz.multiply(BigInteger.valueOf(12)).add(n.multiply(BigInteger.valueOf(12))).add(BigInteger.valueOf(4 + 4 * 16))
          .multiply(BigInteger.TWO); // arrays doubling as they grow
      BigInteger vectors = BigInteger.valueOf(10L * (16 + 8L * (FEATURES + 3)));
      assertEquals(csr.add(vectors), BigInteger.valueOf(s.livePeakBytes()), s.describe());
      assertTrue(s.fitsArrays());
      assertFalse(s.dense(), "100 of a million features present: no dense copy");
    }
  }

  @Test
  void aWorkerHoldsAtMostTwoToThe31NonZeros() {
    SgdSizes ten = new SgdSizes(EXAMPLES, NON_ZEROS, FEATURES, 10);
    assertFalse(ten.fitsArrays(), "10 billion non-zeros per worker: " + ten.describe());
    int w = ten.workersNeededFor(1L << 40);
    assertEquals(47, w, "100 billion non-zeros need ⌈1e11 / (2^31 − 9)⌉ = 47 workers, whatever the heap");
  }

  @Test
  void aDenseShardKeepsADenseCopy() {
    SgdSizes s = new SgdSizes(1_000_000, 80_000_000, 100, 4);
    assertTrue(s.dense());
    assertTrue(s.livePeakBytes() > 250_000L * 100 * 8, s.describe());
    assertEquals(20_000_000_000L, SgdSizes.nonZerosInLibsvm(100_000_000_000L, SgdSizes.LIBSVM_BYTES_PER_NON_ZERO));
  }
}
