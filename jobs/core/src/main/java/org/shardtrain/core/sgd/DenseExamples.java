package org.shardtrain.core.sgd;

/**
 * Training examples as a dense row-major matrix, for the dense mini-batch gradient kernel: built once from
 * {@link SparseExamples} when at least half the values are present (then the dense copy is at most 4/3 of
 * the CSR arrays' size), and kept for the run. Features at or beyond {@code d} are left out, as the
 * gradient statistics leave them out.
 */
public final class DenseExamples {
  /** The fraction of non-zero values from which a dense copy pays (and costs at most 4/3 of the CSR memory). */
  public static final double MIN_DENSITY = 0.5;

  private final double[] x;
  private final int n;
  private final int d;

  private DenseExamples(double[] x, int n, int d) {
    this.x = x;
    this.n = n;
    this.d = d;
  }

  /** The dense copy of {@code examples} over features [0, d), or null when they are too sparse for one. */
  public static DenseExamples of(SparseExamples examples, int d) {
    int n = examples.size();
    if (n == 0 || d == 0) return null;
    long present = examples.to(n - 1);
    if (present < MIN_DENSITY * n * d || (long) n * d > Integer.MAX_VALUE - 8) return null;
    double[] x = new double[n * d];
    int[] idx = examples.indices();
    double[] val = examples.values();
    for (int r = 0; r < n; r++) {
      for (int q = examples.from(r); q < examples.to(r); q++) {
        if (idx[q] < d) x[r * d + idx[q]] += val[q];
      }
    }
    return new DenseExamples(x, n, d);
  }

  /** Row-major values; never changed after construction (a GPU backend keeps a device copy). */
  public double[] values() { return x; }
  public int size() { return n; }
  public int dimension() { return d; }
}
