package org.shardtrain.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.kernel.CpuKernels;
import org.shardtrain.core.kernel.DenseKernels;
import org.shardtrain.core.sgd.Loss;

/**
 * The CUDA kernels against the CPU kernels, on a machine with a device: {@code mvn -Pgpu verify -pl jobs/cuda -am}
 * (or scripts/gpu-check.sh). Tolerance: the k-means assignments and ALS factors are computed with the same
 * operations in the same order (PTX built with -fmad=false), so they must agree to 1e-12 relative; sums over
 * chunks and the SGD statistics (CUDA's exp/log1p are not Java's) to 1e-9 relative. Each kernel's
 * throughput is printed against the device's double-precision peak ({@code -Dshardtrain.gpu.peak-gflops},
 * default 34,000: an H100/H200 SXM without tensor cores).
 */
@Tag("gpu")
class CudaKernelsTest {
  private static CudaKernels cuda;
  private static CpuKernels cpu;
  private static final double PEAK = Double.parseDouble(System.getProperty("shardtrain.gpu.peak-gflops", "34000"));

  @BeforeAll
  static void open() throws Exception {
    cuda = CudaKernels.open(0, 2); // fails the suite with the reason when the device is not usable
    cpu = new CpuKernels(2);
    System.out.println(cuda.detail());
  }

  @AfterAll
  static void close() {
    if (cuda != null) cuda.close();
    if (cpu != null) cpu.close();
  }

  @Test
  void kmeansAgreesWithTheCpuKernels() {
    for (int[] shape : new int[][] {{1, 1, 1}, {4097, 13, 9}, {200_000, 20, 20}, {50_000, 100, 100}}) {
      int n = shape[0], d = shape[1], k = shape[2];
      Random r = new Random(n + d);
      double[] x = gaussian(r, n * d);
      double[] c = gaussian(r, k * d);
      int[] gn = new int[n], cn = new int[n];
      double[] gd = new double[n], cd = new double[n];
      long[] gc = new long[k], cc = new long[k];
      double[] gs = new double[k * d], cs = new double[k * d], gcost = new double[k], ccost = new double[k];
      cpu.kmeansAssign(x, n, d, c, k, true, cn, cd, cc, cs, ccost);
      cuda.kmeansAssign(x, n, d, c, k, true, gn, gd, gc, gs, gcost);
      assertArrayEquals(cn, gn, "nearest centres, " + n + "x" + d + " k=" + k);
      assertArrayEquals(cc, gc);
      for (int p = 0; p < n; p++) assertEquals(cd[p], gd[p], 1e-12 * (1 + cd[p]));
      for (int i = 0; i < k * d; i++) assertEquals(cs[i], gs[i], 1e-9 * (1 + Math.abs(cs[i])));
      for (int j = 0; j < k; j++) assertEquals(ccost[j], gcost[j], 1e-9 * (1 + ccost[j]));
      if (n >= 50_000) {
        double flops = 2.0 * n * k * d;
        report("k-means " + n + "x" + d + " k=" + k, flops, time(() -> cuda.kmeansAssign(x, n, d, c, k, true, gn, gd,
            new long[k], new double[k * d], new double[k])), time(() -> cpu.kmeansAssign(x, n, d, c, k, true, cn, cd,
            new long[k], new double[k * d], new double[k])));
      }
    }
  }

  @Test
  void alsAgreesWithTheCpuKernels() {
    Random r = new Random(7);
    for (int k : new int[] {3, 10, 32, 40}) {
      int rows = 20_000, others = 3_000, per = 30;
      double[] y = gaussian(r, others * k);
      int[] rowStart = new int[rows + 1];
      int[] other = new int[rows * per];
      double[] ratings = new double[rows * per];
      for (int q = 0; q < other.length; q++) {
        other[q] = r.nextInt(others);
        ratings[q] = r.nextInt(6);
      }
      for (int i = 0; i <= rows; i++) rowStart[i] = i * per;
      double[] gram = org.shardtrain.core.als.NormalEquation.gram(y, others, k);
      for (DenseKernels.AlsSolveSpec spec : new DenseKernels.AlsSolveSpec[] {
          DenseKernels.AlsSolveSpec.explicit(0.1), new DenseKernels.AlsSolveSpec(0.1, true, 1.5, gram)}) {
        double[] want = new double[rows * k];
        double[] got = new double[rows * k];
        double wantSse = cpu.alsSolve(rowStart, other, ratings, rows, y, k, spec, want);
        double gotSse = cuda.alsSolve(rowStart, other, ratings, rows, y, k, spec, got);
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-12 * (1 + Math.abs(want[i])), "rank " + k);
        assertEquals(wantSse, gotSse, 1e-9 * (1 + wantSse));
        if (k == 10 && !spec.implicit()) {
          double flops = (double) rows * per * k * (k + 1) + rows * (k * k * k / 3.0 + 2.0 * k * k);
          report("ALS " + rows + " rows x " + per + " ratings, rank " + k, flops,
              time(() -> cuda.alsSolve(rowStart, other, ratings, rows, y, k, spec, got)),
              time(() -> cpu.alsSolve(rowStart, other, ratings, rows, y, k, spec, want)));
        }
      }
    }
  }

  @Test
  void denseGradientAgreesWithTheCpuKernels() {
    Random r = new Random(5);
    int n = 100_000, d = 100;
    double[] x = gaussian(r, n * d);
    double[] labels = new double[n];
    for (int i = 0; i < n; i++) labels[i] = r.nextBoolean() ? 1 : 0;
    double[] v = gaussian(r, d);
    int[] batch = new int[n / 4];
    for (int i = 0; i < batch.length; i++) batch[i] = 4 * i + (i % 4);
    for (Loss loss : Loss.values()) {
      if (loss.isMulticlass()) continue; // the dense kernels serve one-margin losses; softmax passes are sparse
      for (int[] rows : new int[][] {null, batch}) {
        double[] want = new double[3 + d];
        double[] got = new double[3 + d];
        cpu.denseGradient(x, n, d, labels, rows, batch.length, v, 0.2, loss, want);
        cuda.denseGradient(x, n, d, labels, rows, batch.length, v, 0.2, loss, got);
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-9 * (1 + Math.abs(want[i])), loss + " " + i);
      }
    }
    report("SGD gradient " + n + "x" + d, 4.0 * n * d,
        time(() -> cuda.denseGradient(x, n, d, labels, null, 0, v, 0.2, Loss.LOGISTIC, new double[3 + d])),
        time(() -> cpu.denseGradient(x, n, d, labels, null, 0, v, 0.2, Loss.LOGISTIC, new double[3 + d])));
  }

  @Test
  void aCudaWorkerMeasuresFasterThanTheCpuOne() {
    double gpu = org.shardtrain.core.kernel.KernelCalibration.gflops(cuda);
    double host = org.shardtrain.core.kernel.KernelCalibration.gflops(cpu);
    System.out.printf("calibration: cuda %.1f GFLOP/s, cpu %.1f GFLOP/s (the shard plan's weights)%n", gpu, host);
    assertTrue(gpu > 0 && host > 0);
  }

  private static void report(String what, double flops, double gpuSeconds, double cpuSeconds) {
    System.out.printf("%-45s cuda %8.3f ms %9.1f GFLOP/s (%4.1f%% of %.0f peak)   cpu %8.3f ms %7.1f GFLOP/s   %5.1fx%n",
        what, gpuSeconds * 1e3, flops / gpuSeconds / 1e9, 100 * flops / gpuSeconds / 1e9 / PEAK, PEAK, cpuSeconds * 1e3,
        flops / cpuSeconds / 1e9, cpuSeconds / gpuSeconds);
  }

  private static double time(Runnable pass) {
    for (int i = 0; i < 3; i++) pass.run();
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < 5; i++) {
      long t = System.nanoTime();
      pass.run();
      best = Math.min(best, (System.nanoTime() - t) / 1e9);
    }
    return best;
  }

  private static double[] gaussian(Random r, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = r.nextGaussian();
    return x;
  }
}
