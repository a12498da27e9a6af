package org.shardtrain.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.kernel.CpuKernels;

/**
 * What every build machine can check of the CUDA backend: the PTX is in the jar when nvcc was there to
 * make it, and a GPU worker on a machine without a usable device runs the CPU kernels, says why, and gets
 * the CPU kernels' answers. The device itself is tested by {@link CudaKernelsTest} (tag "gpu", -Pgpu).
 */
class GpuBackendTest {
  @Test
  void thePtxHoldsEveryKernelWhenNvccBuiltIt() throws Exception {
    boolean nvcc = new File("/usr/local/cuda/bin/nvcc").canExecute() || onPath("nvcc");
    try (InputStream in = CudaKernels.class.getResourceAsStream(CudaKernels.PTX)) {
      if (!nvcc) {
        System.out.println("no nvcc on this machine: the build has no PTX, as expected");
        return;
      }
      assertNotNull(in, "nvcc is here but the build put no PTX in the classes");
      String ptx = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String kernel : new String[] {"kmeans_assign", "kmeans_partials", "reduce_chunks", "als_solve", "sgd_margins", "sgd_partials"}) {
        assertTrue(ptx.contains(".entry " + kernel + "("), kernel + " missing from the PTX");
      }
      assertTrue(ptx.contains(".target sm_80"), "compiled for compute_80");
    }
  }

  @Test
  void withoutAUsableDeviceAGpuWorkerRunsTheCpuKernelsAndSaysWhy() {
    try (GpuBackend backend = GpuBackend.open(0, 1)) {
      if (backend.fallbackReason() == null) {
        System.out.println("a CUDA device is usable here (" + backend.detail() + "): the fallback is not exercised");
        return;
      }
      assertEquals("cpu", backend.backend());
      assertTrue(backend.detail().contains("fallback"), backend.detail());
      System.out.println("fallback reason: " + backend.fallbackReason());
      if (!new File("/dev/nvidiactl").exists()) {
        assertEquals("no NVIDIA driver on this node (libcuda.so.1 not found)", backend.fallbackReason());
      }
      Random r = new Random(1);
      int n = 1000, d = 7, k = 5;
      double[] x = new double[n * d];
      for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian();
      double[] c = new double[k * d];
      for (int i = 0; i < c.length; i++) c[i] = r.nextGaussian();
      int[] nearest = new int[n];
      int[] expected = new int[n];
      double[] dist = new double[n];
      double[] sums = new double[k * d];
      double[] expectedSums = new double[k * d];
      backend.kmeansAssign(x, n, d, c, k, true, nearest, dist, new long[k], sums, new double[k]);
      try (CpuKernels cpu = new CpuKernels(1)) {
        cpu.kmeansAssign(x, n, d, c, k, true, expected, new double[n], new long[k], expectedSums, new double[k]);
      }
      assertArrayEquals(expected, nearest);
      assertArrayEquals(expectedSums, sums, 0.0);
    }
  }

  @Test
  void aMissingDriverIsAReasonNotACrashEvenTwice() {
    // JCuda throws UnsatisfiedLinkError the first time and NoClassDefFoundError after that (STACK.md).
    String first;
    try (GpuBackend a = GpuBackend.open(0, 1)) {
      first = a.fallbackReason();
    }
    try (GpuBackend b = GpuBackend.open(0, 1)) {
      assertEquals(first, b.fallbackReason());
    }
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (new File(dir, tool).canExecute()) return true;
    }
    return false;
  }
}
