package org.shardtrain.cuda;

import static jcuda.driver.JCudaDriver.cuCtxCreate;
import static jcuda.driver.JCudaDriver.cuCtxDestroy;
import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;
import org.shardtrain.core.als.FactorBlock;
import org.shardtrain.core.kernel.CpuKernels;
import org.shardtrain.core.kernel.DenseKernels;
import org.shardtrain.core.sgd.Loss;

/**
 * The CUDA backend: the project's own kernels (src/main/cuda, compiled to PTX at build time) run through
 * JCuda's driver API, whose native library needs only the driver's {@code libcuda.so.1}, never a CUDA runtime
 * of a given version. A worker's resident inputs are copied to the device once ({@link DeviceBuffers}).
 * Chunking follows the CPU kernels', so partial sums add in the same order; ALS ranks above
 * {@value #MAX_RANK} run on the CPU kernels (one thread per row keeps its normal equation in registers and
 * local memory, which does not pay beyond that).
 */
public final class CudaKernels implements DenseKernels {
  static final String PTX = "/org/shardtrain/cuda/shardtrain_kernels.ptx";
  static final int MAX_RANK = 32;
  private static final int THREADS = 256;
  /** Chunk sizes of the CPU kernels (CpuKernels.POINT_CHUNK, EXAMPLE_CHUNK): the same partial sums. */
  private static final int POINT_CHUNK = 4096;
  private static final int EXAMPLE_CHUNK = 2048;
  private static final int ALS_ROW_CHUNK = 64;
  private static final int SHARED_BYTES = 48 * 1024;

  /** Why the driver could not be used, once known (it does not change within a JVM). */
  private static String driverProblem;

  private final CUcontext context;
  private final String device;
  private final DeviceBuffers buffers;
  private final CUfunction kmeansAssign;
  private final CUfunction kmeansPartials;
  private final CUfunction reduceChunks;
  private final CUfunction alsSolve;
  private final CUfunction sgdMargins;
  private final CUfunction sgdPartials;
  private final CpuKernels cpu;

  private CudaKernels(CUcontext context, String device, long deviceMemory, CUmodule module, int cpuThreads) {
    this.context = context;
    this.device = device;
    this.buffers = new DeviceBuffers(deviceMemory / 2);
    this.kmeansAssign = function(module, "kmeans_assign");
    this.kmeansPartials = function(module, "kmeans_partials");
    this.reduceChunks = function(module, "reduce_chunks");
    this.alsSolve = function(module, "als_solve");
    this.sgdMargins = function(module, "sgd_margins");
    this.sgdPartials = function(module, "sgd_partials");
    this.cpu = new CpuKernels(cpuThreads);
  }

  /**
   * Opens device {@code ordinal} (of those visible to this process) and loads the kernels, or says why not.
   * Catches everything: with no driver JCuda throws UnsatisfiedLinkError the first time and
   * NoClassDefFoundError after that (../shared/STACK.md).
   */
  public static synchronized CudaKernels open(int ordinal, int cpuThreads) throws CudaUnavailableException {
    byte[] ptx = ptx();
    if (driverProblem != null) throw new CudaUnavailableException(driverProblem);
    try {
      JCudaDriver.setExceptionsEnabled(true);
      cuInit(0);
      int[] count = new int[1];
      cuDeviceGetCount(count);
      if (count[0] == 0) throw new CudaUnavailableException("the CUDA driver sees no device");
      if (ordinal >= count[0]) {
        throw new CudaUnavailableException("device " + ordinal + " asked for, " + count[0] + " visible");
      }
      CUdevice dev = new CUdevice();
      cuDeviceGet(dev, ordinal);
      byte[] name = new byte[256];
      cuDeviceGetName(name, name.length, dev);
      long[] memory = new long[1];
      cuDeviceTotalMem(memory, dev);
      int[] driver = new int[1];
      cuDriverGetVersion(driver);
      CUcontext context = new CUcontext();
      cuCtxCreate(context, 0, dev);
      String device = new String(name, StandardCharsets.US_ASCII).trim().replace("\0", "") + " (device " + ordinal
          + ", " + memory[0] / (1 << 20) + " MiB, driver " + driver[0] / 1000 + "." + driver[0] % 1000 / 10 + ")";
      try {
        CUmodule module = new CUmodule();
        try {
          cuModuleLoadData(module, ptx);
        } catch (RuntimeException e) {
          throw new CudaUnavailableException("the kernels' PTX (ISA " + ptxVersion(ptx) + ") does not load with the "
              + "driver of " + device + ": " + firstLine(e));
        }
        return new CudaKernels(context, device, memory[0], module, cpuThreads);
      } catch (CudaUnavailableException | RuntimeException e) {
        cuCtxDestroy(context); // a device without our kernels is left as found
        if (e instanceof CudaUnavailableException c) throw c;
        throw new CudaUnavailableException("the kernels do not load on " + device + ": " + firstLine(e));
      }
    } catch (CudaUnavailableException e) {
      throw e;
    } catch (Throwable e) {
      // The JNI library loads once per JVM: remember why it did not (a later attempt only sees NoClassDefFoundError).
      String all = String.valueOf(e.getMessage());
      driverProblem = all.contains("libcuda.so.1: cannot open") ? "no NVIDIA driver on this node (libcuda.so.1 not found)"
          : "no usable CUDA driver: " + firstLine(e);
      throw new CudaUnavailableException(driverProblem);
    }
  }

  private static byte[] ptx() throws CudaUnavailableException {
    try (InputStream in = CudaKernels.class.getResourceAsStream(PTX)) {
      if (in == null) throw new CudaUnavailableException("this build has no PTX (nvcc was not found when it was built)");
      byte[] text = in.readAllBytes();
      return Arrays.copyOf(text, text.length + 1); // cuModuleLoadData wants it NUL-terminated
    } catch (IOException e) {
      throw new CudaUnavailableException("could not read the PTX: " + e.getMessage());
    }
  }

  /** The PTX ISA version the build's nvcc wrote (".version 9.0" for CUDA 13). */
  private static String ptxVersion(byte[] ptx) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\.version\\s+(\\S+)")
        .matcher(new String(ptx, StandardCharsets.US_ASCII));
    return m.find() ? m.group(1) : "?";
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.trim().split("\n")[0];
  }

  private static CUfunction function(CUmodule module, String name) {
    CUfunction f = new CUfunction();
    cuModuleGetFunction(f, module, name);
    return f;
  }

  @Override public String backend() { return "cuda"; }

  @Override public String detail() { return "cuda: " + device; }

  @Override
  public void kmeansAssign(double[] x, int n, int d, double[] centres, int k, boolean euclidean, int[] nearest,
                           double[] distance, long[] counts, double[] sums, double[] costs) {
    if (n == 0) return;
    double[] newSums;
    double[] newCosts;
    double[] newCounts = new double[k];
    for (int j = 0; j < k; j++) newCounts[j] = counts[j];
    cuCtxSetCurrent(context);
    try {
      double[] bias = CpuKernels.centreBias(centres, k, d, euclidean);
      CUdeviceptr dx = buffers.resident(x);
      CUdeviceptr dc = buffers.upload(centres);
      CUdeviceptr db = buffers.upload(bias);
      CUdeviceptr dn = buffers.temporary(4L * n);
      CUdeviceptr dd = buffers.temporary(8L * n);
      int shared = (long) k * d * 8 <= SHARED_BYTES ? k * d * 8 : 0;
      launch(kmeansAssign, blocks(n), shared, dx, n, d, dc, k, db, euclidean ? 1 : 0, shared > 0 ? 1 : 0, dn, dd);
      int chunks = (n + POINT_CHUNK - 1) / POINT_CHUNK;
      CUdeviceptr ps = buffers.temporary(8L * chunks * k * d);
      CUdeviceptr pc = buffers.temporary(8L * chunks * k);
      CUdeviceptr pn = buffers.temporary(8L * chunks * k);
      launch(kmeansPartials, chunks, 0, dx, n, d, k, dn, dd, POINT_CHUNK, ps, pc, pn);
      newSums = reduce(sums, ps, chunks, k * d);
      newCosts = reduce(costs, pc, chunks, k);
      newCounts = reduce(newCounts, pn, chunks, k);
      DeviceBuffers.download(dn, nearest, n);
      DeviceBuffers.download(dd, distance, n);
    } finally {
      buffers.endCall();
    }
    // Only once the device work and its clean-up succeeded: a failure above leaves the caller's totals as they were.
    System.arraycopy(newSums, 0, sums, 0, sums.length);
    System.arraycopy(newCosts, 0, costs, 0, k);
    for (int j = 0; j < k; j++) counts[j] = (long) newCounts[j];
  }

  /**
   * The other side's factors go to the device as one buffer, chunk after chunk (rows never straddle a chunk,
   * so the concatenation is the flat row-major layout the kernel indexes with 64-bit offsets), and the new
   * factors come back chunk by chunk: no host array beyond a chunk.
   */
  @Override
  public double alsSolve(int[] rowStart, int[] other, double[] ratings, int rows, FactorBlock otherFactors,
                         AlsSolveSpec spec, FactorBlock out) {
    int k = otherFactors.rank();
    if (k > MAX_RANK) return cpu.alsSolve(rowStart, other, ratings, rows, otherFactors, spec, out);
    if (rows == 0) return 0;
    double[] errors = new double[rows];
    cuCtxSetCurrent(context);
    try {
      CUdeviceptr rs = buffers.resident(rowStart);
      CUdeviceptr ot = buffers.resident(other);
      CUdeviceptr ra = buffers.resident(ratings);
      CUdeviceptr y = buffers.upload(otherFactors);
      CUdeviceptr gram = spec.implicit() ? buffers.upload(spec.gram()) : new CUdeviceptr();
      CUdeviceptr dout = buffers.temporary(8L * rows * k);
      CUdeviceptr dsse = buffers.temporary(8L * rows);
      launch(alsSolve, blocks(rows), 0, rs, ot, ra, rows, y, k, spec.lambda(), spec.implicit() ? 1 : 0, spec.alpha(), gram,
          dout, dsse);
      DeviceBuffers.download(dout, out, rows);
      DeviceBuffers.download(dsse, errors, rows);
    } finally {
      buffers.endCall();
    }
    for (int r = 0; r < rows; r++) {
      double[] x = out.arrayOf(r);
      for (int i = out.offsetOf(r), end = i + k; i < end; i++) {
        if (Double.isNaN(x[i])) throw new ArithmeticException("matrix is not positive definite (row " + r + " of the block)");
      }
    }
    // The CPU kernels' order: rows summed within chunks of 64, then the chunks in order.
    double sse = 0;
    for (int c = 0; c < rows; c += ALS_ROW_CHUNK) {
      double chunk = 0;
      for (int r = c; r < Math.min(rows, c + ALS_ROW_CHUNK); r++) chunk += errors[r];
      sse += chunk;
    }
    return sse;
  }

  @Override
  public void denseGradient(double[] x, int n, int d, double[] labels, int[] rows, int count, double[] v, double c,
                            Loss loss, double[] stats) {
    int selected = rows == null ? n : count;
    if (selected == 0) return;
    double[] total;
    cuCtxSetCurrent(context);
    try {
      CUdeviceptr dx = buffers.resident(x);
      CUdeviceptr dl = buffers.upload(labels);
      CUdeviceptr dr = rows == null ? new CUdeviceptr() : buffers.upload(rows, count);
      CUdeviceptr dv = buffers.upload(v);
      CUdeviceptr g = buffers.temporary(8L * selected);
      CUdeviceptr lv = buffers.temporary(8L * selected);
      launch(sgdMargins, blocks(selected), 0, dx, n, d, dr, selected, dv, c, loss.ordinal(), dl, g, lv);
      int chunks = (selected + EXAMPLE_CHUNK - 1) / EXAMPLE_CHUNK;
      CUdeviceptr parts = buffers.temporary(8L * chunks * (3 + d));
      launch(sgdPartials, chunks, 0, dx, d, dr, selected, g, lv, EXAMPLE_CHUNK, parts);
      total = reduce(stats, parts, chunks, 3 + d);
    } finally {
      buffers.endCall();
    }
    System.arraycopy(total, 0, stats, 0, stats.length);
  }

  /**
   * The caller's running totals {@code init} plus the chunk rows, added on the device in chunk order (the
   * CPU kernels' order), brought back as a new array.
   */
  private double[] reduce(double[] init, CUdeviceptr parts, int chunks, int width) {
    CUdeviceptr start = buffers.upload(java.util.Arrays.copyOf(init, width));
    CUdeviceptr total = buffers.temporary(8L * width);
    launch(reduceChunks, blocks(width), 0, start, parts, chunks, width, total);
    double[] out = new double[width];
    DeviceBuffers.download(total, out, width);
    return out;
  }

  private static int blocks(int n) { return Math.max(1, (n + THREADS - 1) / THREADS); }

  /** Launches {@code f} on {@code grid} blocks of {@value #THREADS} threads and waits for it. */
  private static void launch(CUfunction f, int grid, int sharedBytes, Object... args) {
    Pointer[] params = new Pointer[args.length];
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a instanceof CUdeviceptr p) params[i] = Pointer.to(p);
      else if (a instanceof Integer v) params[i] = Pointer.to(new int[] {v});
      else if (a instanceof Double v) params[i] = Pointer.to(new double[] {v});
      else throw new IllegalArgumentException("kernel argument of type " + a.getClass());
    }
    cuLaunchKernel(f, grid, 1, 1, THREADS, 1, 1, sharedBytes, null, Pointer.to(params), null);
    cuCtxSynchronize();
  }

  @Override
  public void close() {
    try {
      cuCtxSetCurrent(context);
      buffers.close();
      cuCtxDestroy(context);
    } finally {
      cpu.close();
    }
  }
}
