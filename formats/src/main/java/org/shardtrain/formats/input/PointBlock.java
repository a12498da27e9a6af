package org.shardtrain.formats.input;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * A block of valid points of one dimension, row-major in one primitive array; or, alone in its block, one
 * bad record with its location and reason. Mappers get blocks, not points: Hadoop's per-record work
 * (input-byte statistics, counters) cost more than the k-means arithmetic when paid per point.
 */
public final class PointBlock implements Writable {
  private double[] values = new double[0];
  private int count;
  private int dimension;
  private String error;
  private String file = "";
  private String position = "";
  private String raw = "";

  /** Number of valid points in the block (0 for a bad-record block). */
  public int count() { return count; }
  public int dimension() { return dimension; }
  /** Points row-major: point i is values()[i*dimension, (i+1)*dimension). */
  public double[] values() { return values; }
  /** Why the block's single record is bad, or null for a block of valid points. */
  public String error() { return error; }
  public String file() { return file; }
  public String position() { return position; }
  public String raw() { return raw; }

  /** Starts a block of valid points with room for {@code capacity} of them. */
  public void reset(int dimension, int capacity) {
    this.dimension = dimension;
    this.count = 0;
    this.error = null;
    if (values.length < dimension * capacity) values = new double[dimension * capacity];
  }

  public boolean isFull() { return (count + 1) * dimension > values.length; }

  public void add(double[] point) {
    System.arraycopy(point, 0, values, count * dimension, dimension);
    count++;
  }

  public void setBad(String error, String file, String position, String raw) {
    this.count = 0;
    this.error = error;
    this.file = file;
    this.position = position;
    this.raw = raw;
  }

  public static PointBlock of(double[]... points) {
    PointBlock b = new PointBlock();
    b.reset(points[0].length, points.length);
    for (double[] p : points) b.add(p);
    return b;
  }

  public static PointBlock bad(String error, String file, String position, String raw) {
    PointBlock b = new PointBlock();
    b.setBad(error, file, position, raw);
    return b;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    WritableUtils.writeVInt(out, dimension);
    WritableUtils.writeVInt(out, count);
    for (int i = 0; i < count * dimension; i++) out.writeDouble(values[i]);
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
    dimension = WritableUtils.readVInt(in);
    count = WritableUtils.readVInt(in);
    values = new double[count * dimension];
    for (int i = 0; i < values.length; i++) values[i] = in.readDouble();
    error = null;
    if (in.readBoolean()) {
      error = in.readUTF();
      file = in.readUTF();
      position = in.readUTF();
      raw = in.readUTF();
    }
  }

  @Override
  public String toString() {
    return error != null ? file + ", " + position + ": " + error
        : count + " points: " + Arrays.toString(Arrays.copyOf(values, count * dimension));
  }
}
