package org.shardtrain.mapreduce.als;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * All ratings of one user (or item) as one record: the other side's IDs and the ratings, in ID order, and the
 * blocks of the other side those IDs are in (ascending, each once): where this row's factor must go for the
 * other side's blocked half-step — the routing, computed once per run by the rows job. One record per row means
 * a split never cuts a row, so a half-step can solve rows in a map task without a shuffle. The arrays are
 * reused between records.
 */
public final class RatingRow implements Writable {
  private int size;
  private String[] others = new String[0];
  private double[] ratings = new double[0];
  private int destinationCount;
  private int[] destinations = new int[0];

  public int size() { return size; }
  public String other(int i) { return others[i]; }
  public double rating(int i) { return ratings[i]; }
  public int destinationCount() { return destinationCount; }
  /** The blocks of the other side that rate this row's ID, ascending (empty when the run has no blocks). */
  public int[] destinations() { return destinations; }

  /** Sets the destinations to the distinct values among the first {@code n} of {@code blocks} (which it sorts). */
  public void setDestinations(int[] blocks, int n) {
    Arrays.sort(blocks, 0, n);
    if (destinations.length < n) destinations = new int[n];
    int m = 0;
    for (int i = 0; i < n; i++) if (m == 0 || destinations[m - 1] != blocks[i]) destinations[m++] = blocks[i];
    destinationCount = m;
  }

  /** Sets the row to the first {@code n} entries, sorted by ID (a fixed order: the same sums on every run). */
  public void set(String[] ids, double[] rs, int n) {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> {
      int c = ids[a].compareTo(ids[b]);
      return c != 0 ? c : Double.compare(rs[a], rs[b]); // a pair rated twice counts twice, in a fixed order
    });
    ensure(n);
    for (int i = 0; i < n; i++) {
      others[i] = ids[order[i]];
      ratings[i] = rs[order[i]];
    }
    size = n;
  }

  private void ensure(int n) {
    if (others.length < n) {
      others = new String[n];
      ratings = new double[n];
    }
  }

  @Override
  public void write(DataOutput out) throws IOException {
    WritableUtils.writeVInt(out, size);
    for (int i = 0; i < size; i++) {
      Text.writeString(out, others[i]);
      out.writeDouble(ratings[i]);
    }
    WritableUtils.writeVInt(out, destinationCount);
    for (int i = 0; i < destinationCount; i++) WritableUtils.writeVInt(out, destinations[i]);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    int n = WritableUtils.readVInt(in);
    ensure(n);
    for (int i = 0; i < n; i++) {
      others[i] = Text.readString(in);
      ratings[i] = in.readDouble();
    }
    size = n;
    destinationCount = WritableUtils.readVInt(in);
    if (destinations.length < destinationCount) destinations = new int[destinationCount];
    for (int i = 0; i < destinationCount; i++) destinations[i] = WritableUtils.readVInt(in);
  }
}
