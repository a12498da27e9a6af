package org.shardtrain.core.sgd;

/**
 * Random choices about examples made by hashing the example with the seed (not by a per-task random
 * stream), so every engine and every split of the input makes the same choice: the test split and the
 * mini-batch of each step.
 */
public final class ExampleSampling {
  private ExampleSampling() {}

  public static double uniform(long seed, long salt, double label, int[] idx, double[] val, int from, int to) {
    long h = mix(seed * 0x9E3779B97F4A7C15L + salt);
    h = mix(h ^ Double.doubleToLongBits(label + 0.0));
    for (int i = from; i < to; i++) {
      h = mix(h ^ idx[i]);
      h = mix(h ^ Double.doubleToLongBits(val[i] + 0.0));
    }
    return (h >>> 11) * 0x1.0p-53;
  }

  /** Whether {@code --test-fraction} holds this example out. */
  public static boolean isTest(long seed, double fraction, double label, int[] idx, double[] val, int from, int to) {
    return fraction > 0 && uniform(seed, -1, label, idx, val, from, to) < fraction;
  }

  /** Whether the mini-batch of step {@code step} includes this example. */
  public static boolean inBatch(long seed, long step, double fraction, double label, int[] idx, double[] val, int from,
                                int to) {
    return fraction >= 1 || uniform(seed, step, label, idx, val, from, to) < fraction;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
