package org.shardtrain.core.kernel;

import org.shardtrain.core.als.FactorBlock;
import org.shardtrain.core.als.NormalEquation;

/**
 * The few vector primitives the CPU kernels need, each with one answer on every machine: a value is
 * always the same chain of fused multiply-adds in the same order, whatever the vector width, so a run
 * gives the same model on a 256-bit and a 512-bit worker, and with or without the Vector API. The JDK's
 * Vector API (an incubator module in Java 17) is used when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}; otherwise {@link ScalarSimd} computes the same numbers with
 * {@link Math#fma}, about five times slower.
 */
abstract class Simd {
  /** The dot products of {@link #dot} run as this many interleaved chains (a fixed number: see above). */
  static final int CHAINS = 8;

  private static final Simd BEST = load();

  static Simd best() { return BEST; }

  static Simd scalar() { return new ScalarSimd(); }

  private static Simd load() {
    try {
      if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
        return (Simd) Class.forName("org.shardtrain.core.kernel.VectorSimd").getDeclaredConstructor().newInstance();
      }
    } catch (Throwable e) {
      // An unusual JVM: the scalar path gives the same numbers.
    }
    return new ScalarSimd();
  }

  /** For logs: the vector width in use, or why none. */
  abstract String describe();

  /** Points per {@link #assignTile} call: the vector width (1 for scalar). */
  abstract int tile();

  /**
   * Assigns {@code points} (at most {@link #tile()}) points, row-major from {@code x[off]}, to the lowest
   * score {@code bias[j] − 2·x·c_j} over the k centres (row-major in {@code centres}), ties to the lowest
   * j. Each x·c is one chain of FMAs over the dimensions in order from 0, so the answer does not depend on
   * the tile, the vector width or the thread. Writes {@code nearest[t]} and {@code score[t]}; {@code scratch}
   * holds at least d·tile() doubles.
   */
  abstract void assignTile(double[] x, int off, int d, int points, double[] centres, int k, double[] bias,
                           double[] scratch, int[] nearest, double[] score);

  /** a·b over n values: {@link #CHAINS} FMA chains (value i in chain i mod 8), summed pairwise. */
  abstract double dot(double[] a, int aOff, double[] b, int bOff, int n);

  /** Σ (a − b)² over n values, in the chain structure of {@link #dot}. */
  abstract double squaredDistance(double[] a, int aOff, double[] b, int bOff, int n);

  /** {@code y[yOff + i] = fma(alpha, x[xOff + i], y[yOff + i])} for i &lt; n. */
  abstract void axpy(double alpha, double[] x, int xOff, double[] y, int yOff, int n);

  /** {@code y[yOff + i] += x[xOff + i]} for i &lt; n (element by element: the same bits on any path). */
  final void add(double[] x, int xOff, double[] y, int yOff, int n) {
    // A plain loop on every backend: HotSpot's auto-vectoriser does it without the Vector API's per-call
    // bounds checks, which cost more than the adds at d = 20 (measured).
    for (int i = 0; i < n; i++) y[yOff + i] += x[xOff + i];
  }

  /**
   * Sets {@code into} to one row's normal equation from its ratings q in [from, to), the other side's factor
   * of rating q being row {@code other[q]} of {@code factors} (of rank k), explicit or implicit (confidence
   * α) — the bits of {@link NormalEquation#addExplicit} / {@link NormalEquation#addImplicit} one rating at a
   * time, whatever the path. {@code scratch} holds {@link #normalScratch}(k, to − from) doubles.
   */
  abstract void normalEquation(int[] other, double[] ratings, int from, int to, FactorBlock factors,
                               boolean implicit, double alpha, NormalEquation into, double[] scratch);

  /**
   * Doubles of scratch {@link #normalEquation} needs for rank k and a row of {@code ratings} ratings: bounded
   * whatever the row's count (an item rated by millions of users needs no more than one rated ten times over).
   */
  abstract int normalScratch(int k, int ratings);

  static double sumChains(double[] c) {
    return ((c[0] + c[1]) + (c[2] + c[3])) + ((c[4] + c[5]) + (c[6] + c[7]));
  }
}
