package org.shardtrain.cuda;

import org.shardtrain.core.als.FactorBlock;
import org.shardtrain.core.kernel.CpuKernels;
import org.shardtrain.core.kernel.DenseKernels;
import org.shardtrain.core.sgd.Loss;

/**
 * What a GPU worker runs its kernels on: CUDA when a device is usable, else the CPU kernels with the
 * reason ({@link #fallbackReason()}, for the worker's log and metrics.json). A CUDA error during the run
 * also moves the worker to the CPU kernels for the rest of it, redoing the call that failed (kernels add
 * to the caller's arrays only once the device work has succeeded). Never a crash for want of a GPU.
 */
public final class GpuBackend implements DenseKernels {
  private final int cpuThreads;
  private DenseKernels current;
  private String fallbackReason;

  private GpuBackend(DenseKernels current, String fallbackReason, int cpuThreads) {
    this.current = current;
    this.fallbackReason = fallbackReason;
    this.cpuThreads = cpuThreads;
  }

  /** CUDA on device {@code ordinal}, or the CPU kernels on {@code cpuThreads} threads with the reason. */
  public static GpuBackend open(int ordinal, int cpuThreads) {
    try {
      return new GpuBackend(CudaKernels.open(ordinal, cpuThreads), null, cpuThreads);
    } catch (CudaUnavailableException e) {
      return new GpuBackend(new CpuKernels(cpuThreads), e.getMessage(), cpuThreads);
    }
  }

  /** Why this GPU worker runs the CPU kernels, or null while it runs CUDA. */
  public String fallbackReason() { return fallbackReason; }

  @Override public String backend() { return current.backend(); }

  @Override public String detail() { return current.detail() + (fallbackReason == null ? "" : " (fallback: " + fallbackReason + ")"); }

  @Override
  public void kmeansAssign(double[] x, int n, int d, double[] centres, int k, boolean euclidean, int[] nearest,
                           double[] distance, long[] counts, double[] sums, double[] costs) {
    try {
      current.kmeansAssign(x, n, d, centres, k, euclidean, nearest, distance, counts, sums, costs);
    } catch (RuntimeException | LinkageError e) {
      if (!fellBack(e)) throw e;
      current.kmeansAssign(x, n, d, centres, k, euclidean, nearest, distance, counts, sums, costs);
    }
  }

  /** After a fallback the CPU kernels use the previous centres; the CUDA kernel scores every centre. */
  @Override
  public void kmeansAssignFrom(double[] x, int n, int d, double[] centres, int k, boolean euclidean, int[] nearest,
                               double[] distance, long[] counts, double[] sums, double[] costs) {
    try {
      current.kmeansAssignFrom(x, n, d, centres, k, euclidean, nearest, distance, counts, sums, costs);
    } catch (RuntimeException | LinkageError e) {
      if (!fellBack(e)) throw e;
      current.kmeansAssignFrom(x, n, d, centres, k, euclidean, nearest, distance, counts, sums, costs);
    }
  }

  @Override
  public double alsSolve(int[] rowStart, int[] other, double[] ratings, int rows, FactorBlock otherFactors,
                         AlsSolveSpec spec, FactorBlock out) {
    try {
      return current.alsSolve(rowStart, other, ratings, rows, otherFactors, spec, out);
    } catch (RuntimeException | LinkageError e) {
      if (!fellBack(e)) throw e;
      return current.alsSolve(rowStart, other, ratings, rows, otherFactors, spec, out);
    }
  }

  @Override
  public void denseGradient(double[] x, int n, int d, double[] labels, int[] rows, int count, double[] v, double c,
                            Loss loss, double[] stats) {
    try {
      current.denseGradient(x, n, d, labels, rows, count, v, c, loss, stats);
    } catch (RuntimeException | LinkageError e) {
      if (!fellBack(e)) throw e;
      current.denseGradient(x, n, d, labels, rows, count, v, c, loss, stats);
    }
  }

  /**
   * A CUDA failure moves to the CPU kernels (true); an error of the computation itself (a matrix that is
   * not positive definite) or one on the CPU is the caller's (false).
   */
  private boolean fellBack(Throwable e) {
    if (!(current instanceof CudaKernels) || e instanceof ArithmeticException) return false;
    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().trim().split("\n")[0];
    try {
      current.close();
    } catch (RuntimeException | LinkageError ignored) {
      // The device is in an unknown state; what matters is leaving it.
    }
    current = new CpuKernels(cpuThreads);
    fallbackReason = "CUDA failed during the run: " + why;
    System.err.println("shardtrain: " + fallbackReason + "; continuing on the CPU kernels");
    return true;
  }

  @Override public void close() { current.close(); }
}
