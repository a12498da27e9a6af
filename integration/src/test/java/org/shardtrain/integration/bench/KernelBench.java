package org.shardtrain.integration.bench;

import java.util.Random;
import java.util.function.Supplier;
import org.shardtrain.core.kernel.CpuKernels;
import org.shardtrain.core.kernel.DenseKernels;
import org.shardtrain.core.kernel.ReferenceKernels;
import org.shardtrain.core.sgd.Loss;

/**
 * Each kernel's throughput on this machine: the naive loop, the kernel with scalar FMA on one thread, with
 * the Vector API on one thread and on every core; GFLOP/s against the machine's double-precision peak
 * (argument 1, default 117 GFLOP/s: 2 cores with AVX-512 FMA) and, for the memory-bound SGD gradient,
 * GB/s against its bandwidth (argument 2, default 33 GB/s). Run by scripts/bench-kernels.sh.
 */
public final class KernelBench {
  private static double peak;
  private static double bandwidth;

  public static void main(String[] args) {
    peak = args.length > 0 ? Double.parseDouble(args[0]) : 117;
    bandwidth = args.length > 1 ? Double.parseDouble(args[1]) : 33;
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf("machine: %d cores, peak %.0f GFLOP/s, %.0f GB/s (%s)%n", cores, peak, bandwidth, System.getProperty("java.vm.version"));
    kmeans(200_000, 20, 20, cores);
    kmeans(50_000, 100, 100, cores);
    als(20_000, 40, 10, cores);
    als(4_000, 40, 50, cores);
    gradient(100_000, 100, cores);
  }

  private static void kmeans(int n, int d, int k, int cores) {
    Random r = new Random(1);
    double[] x = gaussian(r, n * d);
    double[] c = gaussian(r, k * d);
    double flops = 2.0 * n * k * d;
    System.out.printf("%nk-means assign + partial sums, %d points x %d dims, k = %d (%.2f GFLOP per pass)%n", n, d, k, flops / 1e9);
    int[] nearest = new int[n];
    double[] dist = new double[n];
    double naive = time(() -> kmeansPass(new ReferenceKernels(), x, n, d, c, k, nearest, dist));
    row("naive loop (distances by subtraction)", flops, naive, naive);
    for (Supplier<CpuKernels> s : variants(cores)) {
      try (CpuKernels kernels = s.get()) {
        row(kernels.detail(), flops, time(() -> kmeansPass(kernels, x, n, d, c, k, nearest, dist)), naive);
      }
    }
  }

  private static Object kmeansPass(DenseKernels kernels, double[] x, int n, int d, double[] c, int k, int[] nearest, double[] dist) {
    kernels.kmeansAssign(x, n, d, c, k, true, nearest, dist, new long[k], new double[k * d], new double[k]);
    return null;
  }

  private static void als(int rows, int perRow, int k, int cores) {
    Random r = new Random(2);
    int others = 5_000;
    double[] y = gaussian(r, others * k);
    int[] rowStart = new int[rows + 1];
    int[] other = new int[rows * perRow];
    double[] ratings = new double[rows * perRow];
    for (int q = 0; q < other.length; q++) {
      other[q] = r.nextInt(others);
      ratings[q] = 1 + r.nextInt(5);
    }
    for (int i = 0; i <= rows; i++) rowStart[i] = i * perRow;
    // Per rating a packed rank-1 update (k(k+1)/2 multiply-adds); per row a packed Cholesky and two solves.
    double flops = (double) rows * perRow * k * (k + 1) + rows * (k * k * k / 3.0 + 2.0 * k * k);
    System.out.printf("%nALS normal equations, %d rows x %d ratings, rank %d (%.2f GFLOP per pass)%n", rows, perRow, k, flops / 1e9);
    double[] out = new double[rows * k];
    DenseKernels.AlsSolveSpec spec = DenseKernels.AlsSolveSpec.explicit(0.1);
    double naive = time(() -> new ReferenceKernels().alsSolve(rowStart, other, ratings, rows, y, k, spec, out));
    row("naive loop (full matrix, Gaussian elimination)", flops, naive, naive);
    for (int threads : new int[] {1, cores}) {
      try (CpuKernels kernels = new CpuKernels(threads)) {
        row(kernels.detail(), flops, time(() -> kernels.alsSolve(rowStart, other, ratings, rows, y, k, spec, out)), naive);
      }
    }
  }

  private static void gradient(int n, int d, int cores) {
    Random r = new Random(3);
    double[] x = gaussian(r, n * d);
    double[] labels = new double[n];
    for (int i = 0; i < n; i++) labels[i] = r.nextBoolean() ? 1 : 0;
    double[] v = gaussian(r, d);
    double flops = 4.0 * n * d;
    double bytes = 8.0 * n * d;
    System.out.printf("%nSGD dense mini-batch gradient (logistic), %d examples x %d features (%.2f GFLOP, %.0f MB per pass)%n", n, d, flops / 1e9, bytes / 1e6);
    double naive = time(() -> gradientPass(new ReferenceKernels(), x, n, d, labels, v));
    row("naive loop", flops, naive, naive, bytes);
    for (Supplier<CpuKernels> s : variants(cores)) {
      try (CpuKernels kernels = s.get()) {
        row(kernels.detail(), flops, time(() -> gradientPass(kernels, x, n, d, labels, v)), naive, bytes);
      }
    }
  }

  private static Object gradientPass(DenseKernels kernels, double[] x, int n, int d, double[] labels, double[] v) {
    kernels.denseGradient(x, n, d, labels, null, 0, v, 0.1, Loss.LOGISTIC, new double[3 + d]);
    return null;
  }

  @SuppressWarnings("unchecked")
  private static Supplier<CpuKernels>[] variants(int cores) {
    return new Supplier[] {() -> CpuKernels.scalar(1), () -> new CpuKernels(1), () -> new CpuKernels(cores)};
  }

  private static void row(String what, double flops, double seconds, double naive) { row(what, flops, seconds, naive, 0); }

  private static void row(String what, double flops, double seconds, double naive, double bytes) {
    double gflops = flops / seconds / 1e9;
    System.out.printf("  %-72s %8.1f ms %7.2f GFLOP/s %5.1f%% of peak %6.1fx naive%s%n", what, seconds * 1e3, gflops,
        100 * gflops / peak, naive / seconds, bytes == 0 ? "" : String.format(" %6.1f GB/s (%.0f%% of bandwidth)",
            bytes / seconds / 1e9, 100 * bytes / seconds / 1e9 / bandwidth));
  }

  /** Median of 7 timed runs after 3 warm-ups. */
  private static double time(Supplier<Object> pass) {
    for (int i = 0; i < 3; i++) pass.get();
    double[] t = new double[7];
    for (int i = 0; i < t.length; i++) {
      long start = System.nanoTime();
      pass.get();
      t[i] = (System.nanoTime() - start) / 1e9;
    }
    java.util.Arrays.sort(t);
    return t[t.length / 2];
  }

  private static double[] gaussian(Random r, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = r.nextGaussian();
    return x;
  }
}
