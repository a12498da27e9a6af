package org.shardtrain.core.sgd;

import static org.shardtrain.core.size.HeapLayout.array;
import static org.shardtrain.core.size.HeapLayout.ceilDiv;
import static org.shardtrain.core.size.HeapLayout.plus;
import static org.shardtrain.core.size.HeapLayout.times;

import java.util.Locale;
import org.shardtrain.core.size.HeapLayout;
import org.shardtrain.core.size.WorkerFootprint;

/**
 * What an SGD worker on YARN holds, as {@code long}: its share of the examples as CSR arrays
 * ({@link SparseExamples}: 4 + 8 bytes per non-zero, a label and a row start per example; the arrays double
 * as they grow, so counted twice), the dense copy when at least half the values are present
 * ({@link DenseExamples}, n × d doubles), and the model's dense vectors of d values (weights, AdaGrad
 * accumulators, the scaling's mean and inverse deviation; a pass's raw-space weights and gradient sums;
 * local SGD's iterate, accumulators and L1 state: {@value #DENSE_VECTORS} of them). A worker's non-zeros
 * are one int-indexed array: more than 2³¹ − 9 need more workers ({@link #fitsArrays}).
 */
public final class SgdSizes implements WorkerFootprint {
  /** Vectors of d doubles a worker holds at once (see the class). */
  static final int DENSE_VECTORS = 10;
  /**
   * LIBSVM bytes per non-zero assumed when only an input's size is known: 5 ("14:1 ", a9a's binary
   * features); real values ("14:0.2531 ") take about 10. Fewer bytes mean more non-zeros.
   */
  public static final double LIBSVM_BYTES_PER_NON_ZERO = 5;

  private final long examples;
  private final long nonZeros;
  private final int features;
  private final int workers;

  public SgdSizes(long examples, long nonZeros, int features, int workers) {
    if (examples < 0 || nonZeros < 0 || features < 1 || workers < 1) {
      throw new IllegalArgumentException("no SGD of " + examples + " examples, " + nonZeros + " non-zeros, "
          + features + " features on " + workers + " workers");
    }
    this.examples = examples;
    this.nonZeros = nonZeros;
    this.features = features;
    this.workers = workers;
  }

  /** The non-zeros in {@code bytes} of LIBSVM text at {@code bytesPerNonZero} bytes each. */
  public static long nonZerosInLibsvm(long bytes, double bytesPerNonZero) { return (long) Math.ceil(bytes / bytesPerNonZero); }

  public long examplesPerWorker() { return ceilDiv(examples, workers); }
  public long nonZerosPerWorker() { return ceilDiv(nonZeros, workers); }

  /** Whether the workers keep a dense copy: at least half the values present, and n × d within one array. */
  public boolean dense() {
    long n = examplesPerWorker();
    long values = times(n, features);
    return n > 0 && nonZerosPerWorker() >= DenseExamples.MIN_DENSITY * values && values <= Integer.MAX_VALUE - 8;
  }

  @Override
  public boolean fitsArrays() {
    return nonZerosPerWorker() <= SparseExamples.MAX_VALUES && examplesPerWorker() <= SparseExamples.MAX_VALUES;
  }

  public long livePeakBytes() {
    long n = examplesPerWorker();
    long csr = times(2, plus(plus(array(nonZerosPerWorker(), Integer.BYTES), array(nonZerosPerWorker(), Double.BYTES)),
        plus(array(n + 1, Integer.BYTES), array(n, Double.BYTES))));
    long copy = dense() ? array(times(n, features), Double.BYTES) : 0;
    long vectors = times(DENSE_VECTORS, array(features + 3L, Double.BYTES));
    return plus(plus(csr, copy), vectors);
  }

  @Override
  public long workerHeapBytes() { return HeapLayout.heapFor(livePeakBytes()); }

  public int workersNeededFor(long heapBytes) {
    return WorkerFootprint.workersNeededFor(heapBytes, w -> new SgdSizes(examples, nonZeros, features, w));
  }

  @Override
  public String describe() {
    return String.format(Locale.ROOT, "SGD of %,d examples (%,d non-zeros, %,d features) on %,d workers: %,d"
        + " examples and %,d non-zeros per worker%s; heap %,d bytes", examples, nonZeros, features, workers,
        examplesPerWorker(), nonZerosPerWorker(), dense() ? " (and a dense copy)" : "", workerHeapBytes());
  }
}
