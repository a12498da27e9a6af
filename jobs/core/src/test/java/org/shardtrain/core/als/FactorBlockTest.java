package org.shardtrain.core.als;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * The chunked factor store: rows never straddle a chunk, the last chunk holds only the rows left, element
 * indices are {@code long}. Small chunks exercise the boundaries; one test holds more than 2³¹ doubles where
 * the heap allows it ({@code -Xmx20g}).
 */
class FactorBlockTest {
  @Test
  void rowsPerChunkIsThePowerOfTwoThatFitsAndRankNeedNotDivideTheChunk() {
    // 10 doubles at rank 3: 3 rows would fit, 2 (a power of two) are taken; 7 rows make chunks of 2, 2, 2, 1.
    FactorBlock f = new FactorBlock(7, 3, 10);
    assertEquals(4, f.chunkCount());
    assertEquals(6, f.chunk(0).length);
    assertEquals(3, f.chunk(3).length, "the last chunk holds only the row left");
    assertEquals(6, f.firstRow(3));
    assertEquals(21, f.doubles());
  }

  @Test
  void rowsExactlyFillingTheChunksLeaveNoPartialChunk() {
    FactorBlock f = new FactorBlock(8, 5, 20); // 4 rows of 5 per chunk
    assertEquals(2, f.chunkCount());
    assertEquals(20, f.chunk(1).length);
    assertEquals(0, new FactorBlock(0, 5, 20).chunkCount());
    assertEquals(1, new FactorBlock(4, 5, 20).chunkCount());
    assertEquals(2, new FactorBlock(5, 5, 20).chunkCount());
  }

  @Test
  void everyRowAndValueReadsBackAcrossChunkBoundaries() {
    for (int rank : new int[] {1, 3, 4, 7}) {
      for (int max : new int[] {rank, 8, 10, 64, FactorBlock.DEFAULT_MAX_CHUNK_DOUBLES}) {
        if (max < rank) continue;
        int rows = 37;
        FactorBlock f = new FactorBlock(rows, rank, max);
        double[] flat = new double[rows * rank];
        for (int i = 0; i < flat.length; i++) flat[i] = i + 0.5;
        for (int r = 0; r < rows; r++) f.set(r, flat, r * rank);
        String where = "rank " + rank + ", chunks of at most " + max;
        assertArrayEquals(flat, f.toArray(), where);
        for (long i = 0; i < flat.length; i++) assertEquals(flat[(int) i], f.get(i), where + ", value " + i);
        for (int r = 0; r < rows; r++) {
          assertArrayEquals(java.util.Arrays.copyOfRange(flat, r * rank, (r + 1) * rank), f.row(r));
          assertEquals(flat[r * rank], f.arrayOf(r)[f.offsetOf(r)], where + ", row " + r);
          assertEquals(0, f.offsetOf(r) % rank);
          assertEquals(true, f.offsetOf(r) + rank <= f.arrayOf(r).length, "row " + r + " straddles a chunk");
        }
        f.set(flat.length - 1, -1.0);
        assertEquals(-1.0, f.row(rows - 1)[rank - 1]);
        assertThrows(IndexOutOfBoundsException.class, () -> f.get(flat.length));
      }
    }
  }

  @Test
  void aWrappedArrayIsOneChunkWrittenInPlace() {
    double[] values = new double[12];
    FactorBlock f = FactorBlock.wrap(values, 4);
    assertEquals(3, f.rows());
    assertEquals(1, f.chunkCount());
    assertSame(values, f.chunk(0));
    f.set(2, new double[] {1, 2, 3, 4}, 0);
    assertEquals(3.0, values[10]);
    assertThrows(IllegalArgumentException.class, () -> FactorBlock.wrap(new double[10], 4));
  }

  @Test
  void aChunkThatCannotHoldARowIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new FactorBlock(10, 50, 49));
  }

  /**
   * More than 2³¹ doubles in one block (16 GiB): values written and read back at indices beyond 2³¹, in the
   * default chunks, and the CPU kernel solving rows against factors stored there. Needs about 17 GiB of heap;
   * skipped under the suite's 1 GiB ({@code mvn test -pl jobs/core -Dtest=FactorBlockTest
   * -Dhadoop.test.jvm.flags='-Xmx20g --add-modules=jdk.incubator.vector'} runs it).
   */
  @Test
  void aBlockOfMoreThanTwoToThe31DoublesHoldsValuesBeyondThatIndex() {
    int rank = 50;
    long wanted = (1L << 31) + 1_000;
    int rows = (int) ((wanted + rank - 1) / rank);
    long bytes = (long) rows * rank * Double.BYTES;
    long heap = Runtime.getRuntime().maxMemory();
    assumeTrue(heap > bytes + (1L << 30), "needs " + (bytes >> 20) + " MiB of heap for " + (long) rows * rank
        + " doubles, this JVM has " + (heap >> 20) + " MiB (run with -Xmx20g)");
    FactorBlock f = new FactorBlock(rows, rank);
    assertEquals((long) rows * rank, f.doubles());
    long[] at = {0, (1L << 31) - 1, 1L << 31, (1L << 31) + 1, (1L << 31) + 777, f.doubles() - 1};
    for (long i : at) f.set(i, i * 0.25);
    for (long i : at) assertEquals(i * 0.25, f.get(i), "value " + i);
    int last = rows - 1;
    assertEquals((f.doubles() - 1) * 0.25, f.arrayOf(last)[f.offsetOf(last) + rank - 1]);
    double[] row = new double[rank];
    java.util.Arrays.fill(row, 3.5);
    f.set(last, row, 0);
    assertEquals(3.5, f.get(f.doubles() - 1));

    // The kernels read rows beyond value 2³¹ through the chunks: two rows solved against rows near the end.
    java.util.Random r = new java.util.Random(8);
    int[] other = {last, last - 1, (int) ((1L << 31) / rank) + 5, 3, last - 7, last};
    for (int o : other) {
      for (int j = 0; j < rank; j++) row[j] = r.nextGaussian();
      f.set(o, row, 0);
    }
    double[] ratings = {1, 2, 3, 4, 5, 2};
    int[] rowStart = {0, 4, 6};
    FactorBlock out = new FactorBlock(2, rank);
    try (org.shardtrain.core.kernel.CpuKernels kernels = new org.shardtrain.core.kernel.CpuKernels(1)) {
      kernels.alsSolve(rowStart, other, ratings, 2, f, org.shardtrain.core.kernel.DenseKernels.AlsSolveSpec.explicit(0.1), out);
    }
    for (int row2 = 0; row2 < 2; row2++) {
      NormalEquation ne = new NormalEquation(rank);
      for (int q = rowStart[row2]; q < rowStart[row2 + 1]; q++) ne.addExplicit(f.row(other[q]), 0, ratings[q]);
      org.junit.jupiter.api.Assertions.assertArrayEquals(ne.solve(0.1), out.row(row2), 0.0, "row " + row2);
    }
    System.out.println("FactorBlock: " + f + ", " + f.doubles() + " doubles (> 2^31 = " + (1L << 31) + "), "
        + (bytes >> 20) + " MiB, read back at indices up to " + (f.doubles() - 1) + "; rows beyond 2^31 values solved against");
  }
}
