package org.shardtrain.mapreduce.io;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * A piece of mergeable statistics travelling from mappers to the reducer: a count, an amount and a
 * vector. Under a non-negative key (a centre or candidate slot) pieces are summed; under a negative key
 * they are list entries passed through unchanged (a sampled point with its hash or threshold). What each
 * field means per pass is written once, in {@code KMeansPartials}.
 */
public final class PartialWritable implements Writable {
  private long count;
  private double amount;
  private double[] vector = new double[0];
  private int size;

  public PartialWritable() {}

  public PartialWritable(long count, double amount, double[] vector, int size) {
    set(count, amount, vector, size);
  }

  public void set(long count, double amount, double[] vector, int size) { set(count, amount, vector, 0, size); }

  /** Sets the vector to {@code vector[from, from + size)}. */
  public void set(long count, double amount, double[] vector, int from, int size) {
    this.count = count;
    this.amount = amount;
    if (this.vector.length < size) this.vector = new double[size];
    if (size > 0) System.arraycopy(vector, from, this.vector, 0, size);
    this.size = size;
  }

  public long count() { return count; }
  public double amount() { return amount; }
  public int size() { return size; }
  /** The vector's values, valid up to {@link #size()}. */
  public double[] vector() { return vector; }
  public double[] vectorCopy() { return Arrays.copyOf(vector, size); }

  /** Adds another piece of the same slot. */
  public void add(PartialWritable other) {
    count += other.count;
    amount += other.amount;
    if (size == 0 && other.size > 0) {
      vector = Arrays.copyOf(other.vector, other.size);
      size = other.size;
      return;
    }
    if (other.size > size) { // vectors that grow with the data (feature sums) may differ in length
      vector = Arrays.copyOf(vector, other.size);
      size = other.size;
    }
    for (int i = 0; i < other.size; i++) vector[i] += other.vector[i];
  }

  @Override
  public void write(DataOutput out) throws IOException {
    WritableUtils.writeVLong(out, count);
    out.writeDouble(amount);
    WritableUtils.writeVInt(out, size);
    for (int i = 0; i < size; i++) out.writeDouble(vector[i]);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    count = WritableUtils.readVLong(in);
    amount = in.readDouble();
    size = WritableUtils.readVInt(in);
    if (vector.length < size) vector = new double[size];
    for (int i = 0; i < size; i++) vector[i] = in.readDouble();
  }

  @Override
  public String toString() {
    return "(" + count + ", " + amount + ", " + Arrays.toString(vectorCopy()) + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PartialWritable p && p.count == count && p.amount == amount
        && Arrays.equals(p.vector, 0, p.size, vector, 0, size);
  }

  @Override
  public int hashCode() { return Long.hashCode(count) * 31 + Double.hashCode(amount); }
}
