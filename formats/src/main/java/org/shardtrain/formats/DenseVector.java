package org.shardtrain.formats;

import java.util.Arrays;

/** A reusable, growable primitive buffer holding one dense record's values; no object per value. */
public final class DenseVector {
  private double[] values = new double[16];
  private int size;

  public double[] values() { return values; }
  public int size() { return size; }

  public void clear() { size = 0; }

  public void add(double v) {
    if (size == values.length) values = Arrays.copyOf(values, size * 2);
    values[size++] = v;
  }

  /** Copies {@code n} values from {@code src}. */
  public void set(double[] src, int n) {
    if (values.length < n) values = new double[Math.max(n, values.length * 2)];
    System.arraycopy(src, 0, values, 0, n);
    size = n;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < size; i++) {
      if (i > 0) sb.append(',');
      sb.append(values[i]);
    }
    return sb.toString();
  }
}
