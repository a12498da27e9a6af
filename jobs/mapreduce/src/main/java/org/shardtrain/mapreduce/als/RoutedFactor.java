package org.shardtrain.mapreduce.als;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * A factor with the blocks of the other side that need it (its out-blocks, in Spark's words): what a solve
 * writes for the next half-step to ship, keyed by the ID. The route job also carries either half alone (the
 * destinations from the rows, the factor from a factor folder) before it pairs them.
 */
public final class RoutedFactor implements Writable {
  private double[] factor = new double[0];
  private int size;
  private int[] destinations = new int[0];
  private int destinationCount;

  public int size() { return size; }
  public double[] factor() { return factor; }
  public int destinationCount() { return destinationCount; }
  public int destination(int i) { return destinations[i]; }

  public RoutedFactor set(double[] v, int n, int[] blocks, int blockCount) {
    setFactor(v, n);
    return setDestinations(blocks, blockCount);
  }

  public RoutedFactor setFactor(double[] v, int n) {
    if (factor.length < n) factor = new double[n];
    System.arraycopy(v, 0, factor, 0, n);
    size = n;
    return this;
  }

  public RoutedFactor setDestinations(int[] blocks, int n) {
    if (destinations.length < n) destinations = new int[n];
    System.arraycopy(blocks, 0, destinations, 0, n);
    destinationCount = n;
    return this;
  }

  public int[] destinationsCopy() { return Arrays.copyOf(destinations, destinationCount); }

  @Override
  public void write(DataOutput out) throws IOException {
    WritableUtils.writeVInt(out, size);
    for (int i = 0; i < size; i++) out.writeDouble(factor[i]);
    WritableUtils.writeVInt(out, destinationCount);
    for (int i = 0; i < destinationCount; i++) WritableUtils.writeVInt(out, destinations[i]);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    size = WritableUtils.readVInt(in);
    if (factor.length < size) factor = new double[size];
    for (int i = 0; i < size; i++) factor[i] = in.readDouble();
    destinationCount = WritableUtils.readVInt(in);
    if (destinations.length < destinationCount) destinations = new int[destinationCount];
    for (int i = 0; i < destinationCount; i++) destinations[i] = WritableUtils.readVInt(in);
  }
}
