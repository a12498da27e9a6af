package org.shardtrain.mapreduce;

/**
 * How many reduce tasks a job's shuffle deserves, from its size alone (the rule of Hive's and Pig's
 * estimators: one reducer per so many bytes, at least one, at most a cap). Plain arithmetic, so the rule is
 * tested without a cluster; {@link Reducers} applies it with the user's overrides.
 */
public final class ReducerEstimator {
  /**
   * Hive's {@code hive.exec.reducers.max} (1009: a prime, so hash partitions spread well); Pig's is 999. More
   * reducers than this only add tasks to schedule and files for the driver to read.
   */
  public static final int MAX_REDUCERS = 1009;

  private ReducerEstimator() {}

  /**
   * Reducers for {@code shuffleBytes}: ⌈shuffleBytes / bytesPerReducer⌉, at least 1, at most
   * {@link #MAX_REDUCERS} and at most {@code useful} (a statistics pass gains nothing from more reducers than
   * slots; a join from more than keys).
   */
  public static int reducers(long shuffleBytes, long bytesPerReducer, long useful) {
    long wanted = shuffleBytes <= 0 ? 1 : (shuffleBytes - 1) / bytesPerReducer + 1;
    long cap = Math.max(1, Math.min(MAX_REDUCERS, useful));
    return (int) Math.max(1, Math.min(wanted, cap));
  }

  /** Hadoop's FileInputFormat split size: max(minimum, min(maximum, block size)). */
  public static long splitSize(long blockSize, long minSize, long maxSize) {
    return Math.max(minSize, Math.min(maxSize, blockSize));
  }

  /**
   * Map tasks FileInputFormat makes of a file of {@code length} bytes: ⌈length / splitSize⌉ (its last split
   * may be up to 10 % larger, which this ignores), one for an empty file or one read whole.
   */
  public static long splits(long length, long splitSize, boolean splittable) {
    if (!splittable || length <= splitSize) return 1;
    return (length - 1) / splitSize + 1;
  }

  /**
   * The shuffle of a statistics pass: every map task emits its whole statistics once (the combiner cannot
   * merge across tasks), so the reducers receive map tasks × bytes per task.
   */
  public static long statisticsBytes(long mapTasks, long bytesPerTask) {
    if (mapTasks <= 0 || bytesPerTask <= 0) return 0;
    return bytesPerTask > Long.MAX_VALUE / mapTasks ? Long.MAX_VALUE : mapTasks * bytesPerTask;
  }
}
