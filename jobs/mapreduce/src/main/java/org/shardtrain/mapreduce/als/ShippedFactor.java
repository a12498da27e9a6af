package org.shardtrain.mapreduce.als;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/** A factor on its way through a blocked half-step's shuffle to one block: the ID and its k values. */
public final class ShippedFactor implements Writable {
  private final Text id = new Text();
  private double[] factor = new double[0];
  private int size;

  public Text id() { return id; }
  public double[] factor() { return factor; }
  public int size() { return size; }

  public ShippedFactor set(Text from, double[] v, int n) {
    id.set(from);
    if (factor.length < n) factor = new double[n];
    System.arraycopy(v, 0, factor, 0, n);
    size = n;
    return this;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    id.write(out);
    WritableUtils.writeVInt(out, size);
    for (int i = 0; i < size; i++) out.writeDouble(factor[i]);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    id.readFields(in);
    size = WritableUtils.readVInt(in);
    if (factor.length < size) factor = new double[size];
    for (int i = 0; i < size; i++) factor[i] = in.readDouble();
  }
}
