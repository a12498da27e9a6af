package org.shardtrain.formats.input;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * A block of valid labelled sparse examples in CSR form (example i: labels[i], features
 * indices/values[rowStart[i], rowStart[i+1])); or, alone in its block, one bad record with its location.
 * Mappers get blocks, not examples, for the reason given in {@link PointBlock}.
 */
public final class ExampleBlock implements Writable {
  private double[] labels = new double[0];
  private int[] rowStart = new int[1];
  private int[] indices = new int[0];
  private double[] values = new double[0];
  private int count;
  private String error;
  private String file = "";
  private String position = "";
  private String raw = "";

  public int count() { return count; }
  public double label(int i) { return labels[i]; }
  public int from(int i) { return rowStart[i]; }
  public int to(int i) { return rowStart[i + 1]; }
  public int[] indices() { return indices; }
  public double[] values() { return values; }
  public String error() { return error; }
  public String file() { return file; }
  public String position() { return position; }
  public String raw() { return raw; }
  public int nonZeros() { return rowStart[count]; }

  public void reset(int capacity, int nonZeroCapacity) {
    count = 0;
    error = null;
    if (labels.length < capacity) {
      labels = new double[capacity];
      rowStart = new int[capacity + 1];
    }
    if (indices.length < nonZeroCapacity) {
      indices = new int[nonZeroCapacity];
      values = new double[nonZeroCapacity];
    }
    rowStart[0] = 0;
  }

  /** Whether another example of {@code n} features fits. */
  public boolean fits(int n) { return count < labels.length && rowStart[count] + n <= indices.length; }

  public void add(double label, int[] idx, double[] val, int n) {
    if (!fits(n)) { // a single example larger than the block: grow for it
      indices = Arrays.copyOf(indices, rowStart[count] + n);
      values = Arrays.copyOf(values, indices.length);
      if (count == labels.length) {
        labels = Arrays.copyOf(labels, count + 1);
        rowStart = Arrays.copyOf(rowStart, count + 2);
      }
    }
    int at = rowStart[count];
    System.arraycopy(idx, 0, indices, at, n);
    System.arraycopy(val, 0, values, at, n);
    labels[count] = label;
    rowStart[++count] = at + n;
  }

  public void setBad(String error, String file, String position, String raw) {
    this.count = 0;
    this.rowStart[0] = 0;
    this.error = error;
    this.file = file;
    this.position = position;
    this.raw = raw;
  }

  /** For tests: examples as (label, index, value, index, value, …) rows with 0-based indices. */
  public static ExampleBlock of(double[]... rows) {
    ExampleBlock b = new ExampleBlock();
    b.reset(rows.length, 64);
    for (double[] r : rows) {
      int n = (r.length - 1) / 2;
      int[] idx = new int[n];
      double[] val = new double[n];
      for (int k = 0; k < n; k++) {
        idx[k] = (int) r[1 + 2 * k];
        val[k] = r[2 + 2 * k];
      }
      b.add(r[0], idx, val, n);
    }
    return b;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    WritableUtils.writeVInt(out, count);
    for (int i = 0; i < count; i++) {
      out.writeDouble(labels[i]);
      WritableUtils.writeVInt(out, to(i) - from(i));
      for (int k = from(i); k < to(i); k++) {
        WritableUtils.writeVInt(out, indices[k]);
        out.writeDouble(values[k]);
      }
    }
    out.writeBoolean(error != null);
    if (error != null) {
      out.writeUTF(error);
      out.writeUTF(file);
      out.writeUTF(position);
      out.writeUTF(raw);
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    int n = WritableUtils.readVInt(in);
    reset(Math.max(1, n), 64);
    int[] idx = new int[16];
    double[] val = new double[16];
    for (int i = 0; i < n; i++) {
      double label = in.readDouble();
      int m = WritableUtils.readVInt(in);
      if (idx.length < m) {
        idx = new int[m];
        val = new double[m];
      }
      for (int k = 0; k < m; k++) {
        idx[k] = WritableUtils.readVInt(in);
        val[k] = in.readDouble();
      }
      add(label, idx, val, m);
    }
    error = null;
    if (in.readBoolean()) setBad(in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF());
  }
}
