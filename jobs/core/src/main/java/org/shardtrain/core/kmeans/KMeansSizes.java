package org.shardtrain.core.kmeans;

import static org.shardtrain.core.size.HeapLayout.array;
import static org.shardtrain.core.size.HeapLayout.ceilDiv;
import static org.shardtrain.core.size.HeapLayout.plus;
import static org.shardtrain.core.size.HeapLayout.times;

import java.util.Locale;
import org.shardtrain.core.size.HeapLayout;
import org.shardtrain.core.size.WorkerFootprint;

/**
 * What a k-means worker on YARN holds, as {@code long}: its share of the points, prepared once
 * ({@link PointShard}: 8 bytes per value and a 4-byte centre index per point, in blocks of the input
 * format's size, so no array grows with the shard), and per pass the centres, their statistics (k × d sums)
 * and the centre geometry of the pruned assignment (for each centre the others by distance: 12·k² bytes).
 * The heap is that with the collector's room and a baseline ({@link HeapLayout#heapFor}).
 */
public final class KMeansSizes implements WorkerFootprint {
  /**
   * Text bytes per value assumed when only an input's size is known: 4 ("5.1," — iris averages 4.0; the
   * digits data set, small integers, 2.6; values printed with six significant digits 9 to 12). Fewer bytes
   * per value mean more points: measure a sample of the input where it matters.
   */
  public static final double TEXT_BYTES_PER_VALUE = 4;

  private final long points;
  private final int dimension;
  private final int k;
  private final int workers;
  private final long pointsPerWorker;

  public KMeansSizes(long points, int dimension, int k, int workers) {
    if (points < 0 || dimension < 1 || k < 1 || workers < 1) {
      throw new IllegalArgumentException("no k-means of " + points + " points of dimension " + dimension + ", k " + k
          + " on " + workers + " workers");
    }
    this.points = points;
    this.dimension = dimension;
    this.k = k;
    this.workers = workers;
    this.pointsPerWorker = ceilDiv(points, workers);
  }

  /** The points in {@code bytes} of text, at {@code bytesPerValue} bytes a value (a separator included). */
  public static long pointsInText(long bytes, int dimension, double bytesPerValue) {
    return (long) Math.ceil(bytes / (dimension * bytesPerValue));
  }

  /** The points in {@code bytes} of Avro: at most one per 8·d bytes (a double is 8 bytes there). */
  public static long pointsInAvro(long bytes, int dimension) { return ceilDiv(bytes, 8L * dimension); }

  public long pointsPerWorker() { return pointsPerWorker; }

  /** Values (doubles) of the points one worker holds. */
  public long valuesPerWorker() { return times(pointsPerWorker, dimension); }

  /** Values of the centres (and of each statistics' sums): k × d, which must fit one array. */
  public long centreValues() { return times(k, dimension); }

  @Override
  public boolean fitsArrays() { return centreValues() <= KMeansAlgorithm.MAX_VALUES; }

  /** The live peak: the points and their centre indices, the centres, statistics and geometry of a pass. */
  public long livePeakBytes() {
    long shard = plus(times(valuesPerWorker(), Double.BYTES), times(pointsPerWorker, Integer.BYTES));
    // The centres as received, as the model, the geometry's copy; the pass's sums and one chunk's partial sums.
    long centres = times(5, array(centreValues(), Double.BYTES));
    long geometry = times(times(k, k), Double.BYTES + Integer.BYTES);
    return plus(shard, plus(centres, geometry));
  }

  @Override
  public long workerHeapBytes() { return HeapLayout.heapFor(livePeakBytes()); }

  public int workersNeededFor(long heapBytes) {
    return WorkerFootprint.workersNeededFor(heapBytes, w -> new KMeansSizes(points, dimension, k, w));
  }

  @Override
  public String describe() {
    return String.format(Locale.ROOT, "k-means of %,d points of dimension %d, k %,d, on %,d workers: %,d points"
        + " (%,d values) per worker; heap %,d bytes", points, dimension, k, workers, pointsPerWorker,
        valuesPerWorker(), workerHeapBytes());
  }
}
