package org.shardtrain.core.kernel;

import java.util.Random;

/**
 * A worker's throughput, measured once at start: the k-means kernel on a fixed synthetic block (16,384
 * points, 32 dimensions, 32 centres: 34 MFLOP), best of three after three warm-up calls. The AM deals the
 * input by these figures, so a worker whose backend is ten times faster gets about ten times the data.
 */
public final class KernelCalibration {
  private static final int N = 16_384;
  private static final int D = 32;
  private static final int K = 32;

  private KernelCalibration() {}

  /** GFLOP/s of {@code kernels}' k-means assignment (2·n·k·d flops per call). */
  public static double gflops(DenseKernels kernels) {
    Random r = new Random(42);
    double[] x = new double[N * D];
    for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian();
    double[] c = new double[K * D];
    for (int i = 0; i < c.length; i++) c[i] = r.nextGaussian();
    int[] nearest = new int[N];
    double[] distance = new double[N];
    double best = Double.POSITIVE_INFINITY;
    for (int call = 0; call < 6; call++) {
      long start = System.nanoTime();
      kernels.kmeansAssign(x, N, D, c, K, true, nearest, distance, new long[K], new double[K * D], new double[K]);
      double seconds = (System.nanoTime() - start) / 1e9;
      if (call >= 3) best = Math.min(best, seconds);
    }
    return 2.0 * N * K * D / best / 1e9;
  }
}
