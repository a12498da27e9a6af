package org.shardtrain.core.als;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.size.HeapLayout;

/**
 * ALS's size arithmetic at the shape of a large recommender (issue 19: 10 billion ratings, 100 million
 * users, 10 million items, rank 50) on 100 and 1,000 workers: every size is checked against arithmetic done
 * here independently (BigInteger, {@link Math#pow}), several of them beyond 2³¹ where the int products they
 * replace wrapped around, and the heap estimate is stated.
 */
class AlsSizesTest {
  private static final long RATINGS = 10_000_000_000L;
  private static final long USERS = 100_000_000L;
  private static final long ITEMS = 10_000_000L;
  private static final int RANK = 50;
  private static final BigInteger INT_LIMIT = BigInteger.valueOf(Integer.MAX_VALUE);

  @Test
  void largeRecommenderOnOneHundredWorkers() {
    AlsSizes s = AlsSizes.largeRecommender(100);
    System.out.println(s.describe());
    assertEquals(100_000_000L, s.ratingsPerBlock());
    assertEquals(1_000_000L, s.userRowsPerBlock());
    assertEquals(100_000L, s.itemRowsPerBlock());
    // 1 − 0.99^100 of the users and 1 − 0.99^1000 of the items are referenced by one block of the other side.
    assertEquals(63_396_766L, s.usersReferencedByItemBlock(), "users an item block references");
    assertEquals(9_999_569L, s.itemsReferencedByUserBlock(), "items a user block references");
    assertSizes(s);
    BigInteger received = big(63_396_766L).multiply(big(RANK));
    assertEquals(new BigInteger("3169838300"), received);
    assertTrue(received.compareTo(INT_LIMIT) > 0, "the received user factors, " + received + " doubles, exceed 2^31: "
        + "one double[] could not hold them (the int product rows × rank wrapped to " + (63_396_766 * RANK) + ")");
    assertEquals(25_358_706_400L + 20 * 100, s.exchangeBytesPerHalfStep(AlsPasses.Side.ITEMS), "bytes in, items half-step");
    assertEquals(3_999_827_600L + 20 * 100, s.exchangeBytesPerHalfStep(AlsPasses.Side.USERS), "bytes in, users half-step");
    assertHeap(s, 36.0, 40.0);
  }

  @Test
  void largeRecommenderOnOneThousandWorkers() {
    AlsSizes s = AlsSizes.largeRecommender(1_000);
    System.out.println(s.describe());
    assertEquals(10_000_000L, s.ratingsPerBlock());
    assertEquals(100_000L, s.userRowsPerBlock());
    assertEquals(10_000L, s.itemRowsPerBlock());
    assertEquals(9_520_786L, s.usersReferencedByItemBlock(), "users an item block references");
    assertEquals(6_323_046L, s.itemsReferencedByUserBlock(), "items a user block references");
    assertSizes(s);
    assertEquals(476_039_300L, s.largestFactorBlockDoubles());
    assertHeap(s, 5.5, 6.5);
  }

  @Test
  void tenWorkersNeedAFourGigabyteExchangeFileAndOneWorkerCannotHoldTheRatings() {
    AlsSizes ten = AlsSizes.largeRecommender(10);
    // 10 million users of a block, nearly all referenced by each item block: 3,999,894,000 bytes of factors.
    assertEquals(3_999_894_020L, ten.largestExchangeFileBytes(), ten.describe());
    assertTrue(ten.largestExchangeFileBytes() > Integer.MAX_VALUE, "more than one ByteBuffer holds");
    assertTrue(ten.fitsArrays());
    AlsSizes one = AlsSizes.largeRecommender(1);
    assertFalse(one.fitsArrays(), "10 billion ratings in one block exceed an int-indexed array");
  }

  @Test
  void workersNeededForAHeapAreTheFewestThatFit() {
    AlsSizes s = AlsSizes.largeRecommender(100);
    for (long gib : new long[] {8, 32, 64}) {
      long heap = gib << 30;
      int w = s.workersNeededFor(heap);
      AlsSizes fits = AlsSizes.largeRecommender(w);
      AlsSizes fewer = AlsSizes.largeRecommender(w - 1);
      System.out.printf("large recommender with %d GiB of heap per worker: %d workers (%.1f GiB each; %d workers: %.1f GiB)%n",
          gib, w, gib(fits.workerHeapBytes()), w - 1, gib(fewer.workerHeapBytes()));
      assertTrue(fits.workerHeapBytes() <= heap && fits.fitsArrays(), fits.describe());
      assertTrue(fewer.workerHeapBytes() > heap || !fewer.fitsArrays(), fewer.describe());
    }
    assertEquals(-1, s.workersNeededFor(1L << 20), "no worker count fits 1 MiB");
  }

  @Test
  void sizesBeyondSixtyFourBitsAreRefusedNotWrapped() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new AlsSizes(Long.MAX_VALUE, USERS, ITEMS, RANK, 1).workerHeapBytes());
    assertTrue(e.getMessage().contains("beyond 2^63"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new AlsSizes(RATINGS, USERS, ITEMS, 0, 100));
  }

  @Test
  void smallDataNeedsLittleMoreThanTheBaseline() {
    AlsSizes s = new AlsSizes(100_000, 1_000, 1_700, 10, 2);
    System.out.println(s.describe());
    assertTrue(s.workerHeapBytes() < HeapLayout.BASELINE_BYTES + (32L << 20), s.describe());
  }

  /** Per-block and per-worker sizes against BigInteger arithmetic: none wrapped, each as defined. */
  private static void assertSizes(AlsSizes s) {
    BigInteger w = big(s.workers());
    assertEquals(ceil(big(RATINGS), w), big(s.ratingsPerBlock()));
    assertEquals(ceil(big(USERS), w), big(s.userRowsPerBlock()));
    assertEquals(ceil(big(ITEMS), w), big(s.itemRowsPerBlock()));
    assertEquals(big(s.userRowsPerBlock()).multiply(big(RANK)), big(s.userFactorDoubles()));
    assertEquals(big(s.itemRowsPerBlock()).multiply(big(RANK)), big(s.itemFactorDoubles()));
    assertEquals(big(s.itemsReferencedByUserBlock()).multiply(big(RANK)), big(s.receivedItemFactorDoubles()));
    assertEquals(big(s.usersReferencedByItemBlock()).multiply(big(RANK)), big(s.receivedUserFactorDoubles()));
    // The referenced rows with Math.pow (the class uses expm1/log1p): within a row.
    double q = 1 - 1.0 / s.workers();
    assertEquals(Math.ceil(USERS * (1 - Math.pow(q, (double) RATINGS / USERS))), s.usersReferencedByItemBlock(), 1.0);
    assertEquals(Math.ceil(ITEMS * (1 - Math.pow(q, (double) RATINGS / ITEMS))), s.itemsReferencedByUserBlock(), 1.0);
    BigInteger headers = w.multiply(big(20));
    assertEquals(big(s.receivedUserFactorDoubles()).multiply(big(8)).add(headers),
        big(s.exchangeBytesPerHalfStep(AlsPasses.Side.ITEMS)));
    assertEquals(big(s.receivedItemFactorDoubles()).multiply(big(8)).add(headers),
        big(s.exchangeBytesPerHalfStep(AlsPasses.Side.USERS)));
    assertTrue(s.fitsArrays(), s.describe());
  }

  /**
   * The heap: at least what the half-step's factors (received and solved, 8 bytes a value), the ratings held
   * twice (12 bytes each) and the ID strings take, at most 1.5 times that; within the stated GiB.
   */
  private static void assertHeap(AlsSizes s, double fromGib, double toGib) {
    long factors = Math.max(s.receivedUserFactorDoubles() + s.itemFactorDoubles(),
        s.receivedItemFactorDoubles() + s.userFactorDoubles()) * 8;
    long ratings = 2 * 12 * s.ratingsPerBlock();
    long ids = (s.userRowsPerBlock() + s.itemRowsPerBlock() + s.usersReferencedByItemBlock()
        + s.itemsReferencedByUserBlock()) * HeapLayout.COMPRESSED.idBytes();
    long floor = factors + ratings + ids;
    long heap = s.workerHeapBytes();
    String stated = String.format("%,d workers: heap %,d bytes (%.2f GiB); factors %,d + ratings %,d + IDs %,d = %,d",
        s.workers(), heap, gib(heap), factors, ratings, ids, floor);
    System.out.println(stated);
    assertTrue(heap >= floor && heap <= floor * 3 / 2, stated);
    assertTrue(gib(heap) >= fromGib && gib(heap) <= toGib, stated);
  }

  private static double gib(long bytes) { return bytes / (double) (1L << 30); }

  private static BigInteger big(long v) { return BigInteger.valueOf(v); }

  private static BigInteger ceil(BigInteger a, BigInteger b) {
    BigInteger[] qr = a.divideAndRemainder(b);
    return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
  }
}
