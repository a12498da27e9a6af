package org.shardtrain.core.size;

import java.util.function.IntFunction;

/**
 * What one YARN worker of a run must hold, estimated before any container starts, so that a run that cannot
 * fit in {@code --worker-memory} is refused with the {@code --workers} or memory that would fit, instead of
 * failing with an OutOfMemoryError (or an overflow) hours later.
 */
public interface WorkerFootprint {
  /** Most workers a run may ask for ({@code --workers}' range). */
  int MAX_WORKERS = 10_000;

  /** The heap one worker needs, in bytes, at its peak (loading or iterating). */
  long workerHeapBytes();

  /** Whether every array the workers build stays within one Java array's 2³¹ elements. */
  boolean fitsArrays();

  /** One line of the figures behind {@link #workerHeapBytes()}. */
  String describe();

  /**
   * The fewest workers (1 to {@value #MAX_WORKERS}) whose footprint fits {@code heapBytes} each, or -1 when
   * none does. {@code footprint} gives the footprint of a run with that many workers.
   */
  static int workersNeededFor(long heapBytes, IntFunction<? extends WorkerFootprint> footprint) {
    for (int w = 1; w <= MAX_WORKERS; w++) {
      try {
        WorkerFootprint f = footprint.apply(w);
        if (f.fitsArrays() && f.workerHeapBytes() <= heapBytes) return w;
      } catch (IllegalArgumentException beyond64Bits) {
        // too few workers for any heap: try more
      }
    }
    return -1;
  }

  /**
   * {@code heap} estimated with compressed references, or — when that reaches 32 GiB, where the JVM has none
   * — with 8-byte ones.
   */
  static long withLayout(java.util.function.ToLongFunction<HeapLayout> heap) {
    long compressed = heap.applyAsLong(HeapLayout.COMPRESSED);
    return compressed < HeapLayout.COMPRESSED_OOPS_LIMIT ? compressed : heap.applyAsLong(HeapLayout.UNCOMPRESSED);
  }
}
