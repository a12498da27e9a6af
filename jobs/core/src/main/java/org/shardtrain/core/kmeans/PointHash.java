package org.shardtrain.core.kmeans;

/**
 * A uniform number in [0, 1) derived from the seed, a round number and a point's values. Sampling with it
 * instead of a per-task random stream makes every random choice a function of the point alone, so that
 * the result does not depend on how the input is split into tasks or workers.
 */
public final class PointHash {
  private PointHash() {}

  public static long hash(long seed, int round, double[] x, int d) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L * (round + 1));
    for (int i = 0; i < d; i++) {
      // + 0.0 turns -0.0 into 0.0 so equal points hash equally.
      h = mix(h ^ Double.doubleToLongBits(x[i] + 0.0));
    }
    return h;
  }

  public static double uniform(long seed, int round, double[] x, int d) {
    return (hash(seed, round, x, d) >>> 11) * 0x1.0p-53;
  }

  /** SplitMix64's finaliser. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
