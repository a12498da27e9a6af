package org.shardtrain.core.param;

/**
 * The heap one YARN worker needs for its share of the data and the model, in bytes, from sizes known before
 * any container starts (the input's bytes and a sample of it, the parameters). The per-record costs are those
 * of the workers' own primitive arrays (the operators' guide, "Sizing workers"):
 * <ul>
 *   <li>k-means: a point is d doubles (8·d bytes, {@code PointShard}); the model is k·d doubles, and each
 *       kernel thread keeps its own k·d sums plus the merged ones.</li>
 *   <li>SGD: an example is a label and a row start (16 bytes) and 12 bytes per non-zero (an int index and a
 *       double value, {@code SparseExamples}), whose growing arrays briefly hold 1.5 times that; the model
 *       is five d-long double vectors (weights, AdaGrad accumulators, gradient, feature scaling, the
 *       previous weights).</li>
 *   <li>ALS: a rating is held twice, by user block and by item block (an int column and a double, 12 bytes,
 *       twice: 24, {@code RatingBlock}); a row (user or item) of the worker's blocks is its ID string (about
 *       64 bytes) and rank doubles; each kernel thread's normal equation is rank² doubles.</li>
 * </ul>
 * Every figure is a long, computed with exact arithmetic: a size that does not fit a long is a refusal, not
 * an overflow. {@link #FIXED_BYTES} covers the JVM's own classes, Hadoop's client and the RPC buffers
 * (an idle worker's heap after start, measured about 40 MB).
 */
public final class WorkerHeap {
  /** The heap a worker uses before it holds any data. */
  public static final long FIXED_BYTES = 64L << 20;

  private WorkerHeap() {}

  /** The heap a worker holding {@code points} points of dimension {@code d} needs for k-means with k centres. */
  public static long kmeans(long points, int d, int k, int threads) {
    long data = Math.multiplyExact(Math.multiplyExact(points, (long) d), 8L);
    long model = Math.multiplyExact(Math.multiplyExact((long) k, (long) d), 8L * (threads + 2));
    return Math.addExact(Math.addExact(data, model), FIXED_BYTES);
  }

  /** The heap a worker holding {@code examples} examples of {@code nonZeros} non-zeros each needs, d features. */
  public static long sgd(long examples, double nonZerosPerExample, long features) {
    long perExample = 16 + (long) Math.ceil(12 * nonZerosPerExample);
    long data = Math.multiplyExact(examples, perExample) / 2 * 3;
    long model = Math.multiplyExact(features, 5 * 8L);
    return Math.addExact(Math.addExact(data, model), FIXED_BYTES);
  }

  /** The heap a worker holding {@code ratings} ratings, rank-{@code rank} factors of {@code rows} rows needs. */
  public static long als(long ratings, long rows, int rank, int threads) {
    long data = Math.multiplyExact(ratings, 24L);
    long factors = Math.multiplyExact(rows, Math.addExact(Math.multiplyExact((long) rank, 8L), 64L));
    long solve = Math.multiplyExact(Math.multiplyExact((long) rank, (long) rank), 8L * threads);
    return Math.addExact(Math.addExact(Math.addExact(data, factors), solve), FIXED_BYTES);
  }

  /** The heap a container of {@code memoryMb} gives its worker JVM (-Xmx is 80% of it). */
  public static long heapOf(int memoryMb) {
    return Math.max(64L, memoryMb * 8L / 10) << 20;
  }

  /** The smallest --worker-memory, in MB rounded up to 256, whose heap holds {@code bytes}. */
  public static long memoryMbFor(long bytes) {
    long mb = ((bytes >> 20) + 1) * 10 / 8 + 1;
    return (mb + 255) / 256 * 256;
  }
}
