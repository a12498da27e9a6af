package org.shardtrain.core.kmeans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.size.HeapLayout;

/** k-means' per-worker sizes at 10 billion points of dimension 100 (k = 1,000), against BigInteger. */
class KMeansSizesTest {
  @Test
  void tenBillionPointsOnOneHundredAndOneThousandWorkers() {
    for (int w : new int[] {100, 1_000}) {
      KMeansSizes s = new KMeansSizes(10_000_000_000L, 100, 1_000, w);
      System.out.println(s.describe());
      BigInteger points = BigInteger.valueOf(10_000_000_000L / w);
      assertEquals(points, BigInteger.valueOf(s.pointsPerWorker()));
      assertEquals(points.multiply(BigInteger.valueOf(100)), BigInteger.valueOf(s.valuesPerWorker()));
      BigInteger live = points.multiply(BigInteger.valueOf(8 * 100 + 4)) // values and a centre index per point
          .add(BigInteger.valueOf(5L * (16 + 8 * 100_000))) // centres, model, copy, sums, a chunk's sums
          .add(BigInteger.valueOf(12L * 1_000 * 1_000)); // the centre geometry
      assertEquals(live, BigInteger.valueOf(s.livePeakBytes()), s.describe());
      assertEquals(HeapLayout.heapFor(s.livePeakBytes()), s.workerHeapBytes());
      assertTrue(s.fitsArrays());
    }
    assertTrue(new KMeansSizes(10_000_000_000L, 100, 1_000, 100).valuesPerWorker() > Integer.MAX_VALUE,
        "a worker's 10 billion values are held in blocks, not one array");
  }

  @Test
  void centresBeyondOneArrayDoNotFitAndWorkersAreFoundForAHeap() {
    assertFalse(new KMeansSizes(1_000, 100_000, 30_000, 1).fitsArrays(), "k·d = 3e9");
    KMeansSizes s = new KMeansSizes(10_000_000_000L, 100, 1_000, 100);
    int w = s.workersNeededFor(16L << 30);
    assertTrue(new KMeansSizes(10_000_000_000L, 100, 1_000, w).workerHeapBytes() <= 16L << 30);
    assertTrue(new KMeansSizes(10_000_000_000L, 100, 1_000, w - 1).workerHeapBytes() > 16L << 30);
    System.out.println("10 billion points of dimension 100 with 16 GiB per worker: " + w + " workers");
  }

  @Test
  void pointsFromInputBytes() {
    // A terabyte of CSV at 4 bytes a value, dimension 100: 2.5 billion points; of Avro, at most 1.25 billion.
    assertEquals(2_500_000_000L, KMeansSizes.pointsInText(1_000_000_000_000L, 100, KMeansSizes.TEXT_BYTES_PER_VALUE));
    assertEquals(1_250_000_000L, KMeansSizes.pointsInAvro(1_000_000_000_000L, 100));
  }
}
