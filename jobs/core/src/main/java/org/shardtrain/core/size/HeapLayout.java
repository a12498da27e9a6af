package org.shardtrain.core.size;

/**
 * What the JVM's objects cost on the heap, the unit prices of the workers' memory estimates. With
 * compressed oops (heaps below 32 GiB, HotSpot's default there) a reference is 4 bytes; above, 8. Measured
 * on JDK 17 (a 20-million-rating {@code RatingBlock} and 2.2 million ID strings, with and without
 * {@code -XX:-UseCompressedOops}): an ID string of 9 characters 56 / 64 bytes plus its reference.
 */
public record HeapLayout(int referenceBytes, int idBytes, int hashEntryBytes) {
  /** Heaps from here on have no compressed oops: every reference takes 8 bytes. */
  public static final long COMPRESSED_OOPS_LIMIT = 32L << 30;

  /**
   * References of 4 bytes; an ID is a {@code String} of up to 16 Latin-1 characters (24-byte object, 32-byte
   * array); a hash-set or map entry is a 32-byte node and about 3 table slots (load factor 0.75, doubling).
   */
  public static final HeapLayout COMPRESSED = new HeapLayout(4, 56, 32 + 3 * 4);
  /** The same objects with 8-byte references (a 32-byte String, a 48-byte node). */
  public static final HeapLayout UNCOMPRESSED = new HeapLayout(8, 64, 48 + 3 * 8);

  /**
   * Heap a worker needs besides its data: the JVM's own objects, the Hadoop and RPC clients, buffers
   * (256 MiB, a round figure above what an idle worker holds).
   */
  public static final long BASELINE_BYTES = 256L << 20;

  /**
   * The heap ({@code -Xmx}) a live peak of {@code liveBytes} needs: G1 needs room beyond the live objects
   * (whole regions for humongous arrays, free regions to copy into). Measured with ALS's loading and solving
   * on the real classes at three shapes (5–20 million ratings, ranks 10–50): the smallest heap that ran was
   * 1.10–1.17 times the estimated live peak; counted as 1.2, plus {@link #BASELINE_BYTES}.
   */
  public static long heapFor(long liveBytes) {
    return plus(BASELINE_BYTES, plus(liveBytes, liveBytes / 5));
  }

  /** Bytes of an array of {@code length} elements of {@code elementBytes} each, header included. */
  public static long array(long length, int elementBytes) {
    return Math.addExact(16, Math.multiplyExact(length, elementBytes));
  }

  /** {@code a × b}, refused with a message instead of wrapping around past 2⁶³. */
  public static long times(long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(a + " × " + b + " is beyond 2^63: no worker holds that");
    }
  }

  /** {@code a + b}, refused with a message instead of wrapping around past 2⁶³. */
  public static long plus(long a, long b) {
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(a + " + " + b + " is beyond 2^63: no worker holds that");
    }
  }

  /** ⌈a / b⌉ for a ≥ 0, b &gt; 0. */
  public static long ceilDiv(long a, long b) { return a / b + (a % b == 0 ? 0 : 1); }
}
