package org.shardtrain.core.sgd;

import java.util.Arrays;

/**
 * Labelled sparse examples in primitive arrays (CSR: example i's features are idx/val[rowStart[i],
 * rowStart[i+1])). The YARN workers keep their shards this way; the reference engine and tests use it too.
 */
public final class SparseExamples {
  /**
   * Examples and feature values one holder keeps: its arrays are int-indexed (a YARN worker's shard is one
   * of these; the AM's estimate, {@link SgdSizes}, asks for enough workers).
   */
  public static final int MAX_VALUES = Integer.MAX_VALUE - 8;

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
      if (size >= MAX_VALUES) throw full("examples");
      int grown = (int) Math.min(MAX_VALUES, 2L * size);
      labels = Arrays.copyOf(labels, grown);
      rowStart = Arrays.copyOf(rowStart, grown + 1);
    }
    int at = rowStart[size];
    long need = (long) at + n;
    if (need > idx.length) {
      if (need > MAX_VALUES) throw full("feature values");
      idx = Arrays.copyOf(idx, (int) Math.min(MAX_VALUES, Math.max(need, 2L * idx.length)));
      val = Arrays.copyOf(val, idx.length);
    }
  }

  private static IllegalArgumentException full(String what) {
    return new IllegalArgumentException("one worker's examples hold at most " + MAX_VALUES + " " + what
        + " (one array); use more --workers, so that each holds fewer");
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
