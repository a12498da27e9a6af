package org.shardtrain.core.sgd;

import java.util.Arrays;

/**
 * Labelled sparse examples in primitive arrays (CSR: example i's features are idx/val[rowStart[i],
 * rowStart[i+1])). The YARN workers keep their shards this way; the reference engine and tests use it too.
 */
public final class SparseExamples {
  private double[] labels = new double[64];
  private int[] rowStart = new int[65];
  private int[] idx = new int[256];
  private double[] val = new double[256];
  private int size;

  public int size() { return size; }
  public double label(int i) { return labels[i]; }
  public int from(int i) { return rowStart[i]; }
  public int to(int i) { return rowStart[i + 1]; }
  public int[] indices() { return idx; }
  public double[] values() { return val; }

  /** Adds the example whose features are {@code indices/values[from, to)}. */
  public void add(double label, int[] indices, double[] values, int from, int to) {
    int n = to - from;
    ensure(n);
    int at = rowStart[size];
    System.arraycopy(indices, from, idx, at, n);
    System.arraycopy(values, from, val, at, n);
    labels[size] = label;
    rowStart[size + 1] = at + n;
    size++;
  }

  private void ensure(int n) {
    if (size == labels.length) {
      labels = Arrays.copyOf(labels, size * 2);
      rowStart = Arrays.copyOf(rowStart, size * 2 + 1);
    }
    int at = rowStart[size];
    if (at + n > idx.length) {
      idx = Arrays.copyOf(idx, Math.max(at + n, idx.length * 2));
      val = Arrays.copyOf(val, idx.length);
    }
  }

  public void add(double label, int[] indices, double[] values, int n) {
    ensure(n);
    int at = rowStart[size];
    System.arraycopy(indices, 0, idx, at, n);
    System.arraycopy(values, 0, val, at, n);
    labels[size] = label;
    rowStart[size + 1] = at + n;
    size++;
  }

  /** Splits into (train, test) by {@link ExampleSampling#isTest}. */
  public SparseExamples[] split(long seed, double fraction) {
    SparseExamples train = new SparseExamples();
    SparseExamples test = new SparseExamples();
    for (int i = 0; i < size; i++) {
      int n = to(i) - from(i);
      int[] ii = Arrays.copyOfRange(idx, from(i), to(i));
      double[] vv = Arrays.copyOfRange(val, from(i), to(i));
      (ExampleSampling.isTest(seed, fraction, labels[i], idx, val, from(i), to(i)) ? test : train)
          .add(labels[i], ii, vv, n);
    }
    return new SparseExamples[] {train, test};
  }
}
