package org.shardtrain.core.als;

import java.util.SplittableRandom;

/**
 * The starting factor of an ID: a unit-length Gaussian vector (as Spark initialises ALS) drawn from a
 * random stream seeded by the run's seed and the ID itself, so any task, engine or split produces the same
 * factors without an initialisation pass.
 */
public final class InitialFactors {
  private InitialFactors() {}

  public static double[] of(long seed, String id, int k) {
    long h = seed * 0x9E3779B97F4A7C15L;
    for (int i = 0; i < id.length(); i++) h = (h ^ id.charAt(i)) * 0x100000001B3L;
    SplittableRandom r = new SplittableRandom(h);
    double[] f = new double[k];
    double norm = 0;
    for (int i = 0; i < k; i++) {
      // Box–Muller from the seeded stream.
      double u = 1.0 - r.nextDouble();
      f[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
      norm += f[i] * f[i];
    }
    norm = Math.sqrt(norm);
    for (int i = 0; i < k; i++) f[i] /= norm;
    return f;
  }

  /**
   * Sets row i of {@code out} to the starting factor of {@code ids[i]} for every i where {@code given} is
   * null or false: all of them, or those a warm start's factors lack.
   */
  public static void fill(long seed, String[] ids, FactorBlock out, boolean[] given) {
    for (int i = 0; i < ids.length; i++) {
      if (given == null || !given[i]) out.set(i, of(seed, ids[i], out.rank()), 0);
    }
  }

  /** Whether {@code --test-fraction} holds this rating out (a hash of the user, item and seed). */
  public static boolean isTest(long seed, double fraction, String user, String item) {
    if (fraction <= 0) return false;
    long h = seed * 0xC2B2AE3D27D4EB4FL;
    for (int i = 0; i < user.length(); i++) h = (h ^ user.charAt(i)) * 0x100000001B3L;
    h = (h ^ 0x1F) * 0x100000001B3L;
    for (int i = 0; i < item.length(); i++) h = (h ^ item.charAt(i)) * 0x100000001B3L;
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    return (h >>> 11) * 0x1.0p-53 < fraction;
  }
}
