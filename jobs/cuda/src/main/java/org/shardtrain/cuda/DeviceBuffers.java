package org.shardtrain.cuda;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;

import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUdeviceptr;
import org.shardtrain.core.als.FactorBlock;

/**
 * Device memory for one {@link CudaKernels}: the inputs a worker holds for the whole run (its points, its
 * ratings, its examples) are copied once and kept, keyed by the host array's identity (callers never change
 * those arrays; see {@link org.shardtrain.core.kernel.DenseKernels}); everything else lives for one call.
 * Resident copies are dropped least recently used first beyond {@code maxResidentBytes}, never one the
 * current call uses. The keys hold their host arrays (the worker holds them anyway for the run).
 */
final class DeviceBuffers implements AutoCloseable {
  private final long maxResidentBytes;
  private final Map<Object, CUdeviceptr> resident = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<Object, Long> residentBytes = new java.util.HashMap<>();
  private final Map<CUdeviceptr, Boolean> scratch = new IdentityHashMap<>();
  /** Resident copies this call already uses: never evicted before {@link #endCall()}. */
  private final java.util.Set<Object> inUse = new java.util.HashSet<>();
  private long bytes;

  DeviceBuffers(long maxResidentBytes) { this.maxResidentBytes = maxResidentBytes; }

  /** The device copy of an array that stays the same for the run (copied the first time). */
  CUdeviceptr resident(double[] host) { return resident(host, Pointer.to(host), (long) host.length * Sizeof.DOUBLE); }

  CUdeviceptr resident(int[] host) { return resident(host, Pointer.to(host), (long) host.length * Sizeof.INT); }

  private CUdeviceptr resident(Object host, Pointer source, long size) {
    Identity key = new Identity(host);
    inUse.add(key);
    CUdeviceptr p = resident.get(key);
    if (p != null) return p;
    evictFor(size);
    p = alloc(size);
    if (size > 0) cuMemcpyHtoD(p, source, size);
    resident.put(key, p);
    residentBytes.put(key, size);
    bytes += size;
    return p;
  }

  private void evictFor(long size) {
    Iterator<Map.Entry<Object, CUdeviceptr>> it = resident.entrySet().iterator();
    while (bytes + size > maxResidentBytes && it.hasNext()) {
      Map.Entry<Object, CUdeviceptr> e = it.next();
      if (inUse.contains(e.getKey())) continue; // this call's kernels read it
      cuMemFree(e.getValue());
      bytes -= residentBytes.remove(e.getKey());
      it.remove();
    }
  }

  /** A copy of {@code host} for this call. */
  CUdeviceptr upload(double[] host) {
    CUdeviceptr p = temporary((long) host.length * Sizeof.DOUBLE);
    if (host.length > 0) cuMemcpyHtoD(p, Pointer.to(host), (long) host.length * Sizeof.DOUBLE);
    return p;
  }

  /** A copy of {@code factors} for this call: its chunks one after another, the flat row-major layout. */
  CUdeviceptr upload(FactorBlock factors) {
    CUdeviceptr p = temporary(factors.doubles() * Sizeof.DOUBLE);
    long at = 0;
    for (int c = 0; c < factors.chunkCount(); c++) {
      double[] chunk = factors.chunk(c);
      if (chunk.length > 0) cuMemcpyHtoD(p.withByteOffset(at), Pointer.to(chunk), (long) chunk.length * Sizeof.DOUBLE);
      at += (long) chunk.length * Sizeof.DOUBLE;
    }
    return p;
  }

  CUdeviceptr upload(int[] host, int length) {
    CUdeviceptr p = temporary((long) length * Sizeof.INT);
    if (length > 0) cuMemcpyHtoD(p, Pointer.to(host), (long) length * Sizeof.INT);
    return p;
  }

  /** Uninitialised device memory for this call. */
  CUdeviceptr temporary(long size) {
    CUdeviceptr p = alloc(size);
    scratch.put(p, Boolean.TRUE);
    return p;
  }

  static void download(CUdeviceptr from, double[] to, int length) {
    if (length > 0) cuMemcpyDtoH(Pointer.to(to), from, (long) length * Sizeof.DOUBLE);
  }

  /** The first {@code rows} rows of a flat row-major device buffer into {@code to}, chunk by chunk. */
  static void download(CUdeviceptr from, FactorBlock to, int rows) {
    long at = 0;
    for (int c = 0; c < to.chunkCount() && to.firstRow(c) < rows; c++) {
      long values = (long) Math.min(rows - to.firstRow(c), to.chunk(c).length / to.rank()) * to.rank();
      if (values > 0) cuMemcpyDtoH(Pointer.to(to.chunk(c)), from.withByteOffset(at), values * Sizeof.DOUBLE);
      at += values * Sizeof.DOUBLE;
    }
  }

  static void download(CUdeviceptr from, int[] to, int length) {
    if (length > 0) cuMemcpyDtoH(Pointer.to(to), from, (long) length * Sizeof.INT);
  }

  /** Frees this call's memory. */
  void endCall() {
    inUse.clear();
    try {
      for (CUdeviceptr p : scratch.keySet()) cuMemFree(p);
    } finally {
      scratch.clear();
    }
  }

  private static CUdeviceptr alloc(long size) {
    CUdeviceptr p = new CUdeviceptr();
    cuMemAlloc(p, Math.max(8, size));
    return p;
  }

  @Override
  public void close() {
    endCall();
    for (CUdeviceptr p : resident.values()) cuMemFree(p);
    resident.clear();
    residentBytes.clear();
    bytes = 0;
  }

  /** A key equal only to itself's array. */
  private record Identity(Object array) {
    @Override public boolean equals(Object o) { return o instanceof Identity i && i.array == array; }
    @Override public int hashCode() { return System.identityHashCode(array); }
  }
}
