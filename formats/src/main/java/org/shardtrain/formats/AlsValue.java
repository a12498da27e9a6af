package org.shardtrain.formats;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * What travels in the ALS jobs: a rating (the other side's ID and the value), a factor vector, or a factor
 * paired with a rating (the join's output, on its way to the solve).
 */
public final class AlsValue implements Writable {
  public static final byte RATING = 1;
  public static final byte FACTOR = 2;
  public static final byte PAIR = 3;

  private byte kind;
  private final Text other = new Text();
  private double rating;
  private double[] vector = new double[0];
  private int size;

  public byte kind() { return kind; }
  public Text other() { return other; }
  public double rating() { return rating; }
  public double[] vector() { return vector; }
  public int size() { return size; }

  public AlsValue rating(String otherId, double r) {
    kind = RATING;
    other.set(otherId);
    rating = r;
    size = 0;
    return this;
  }

  public AlsValue rating(Text otherId, double r) {
    kind = RATING;
    other.set(otherId);
    rating = r;
    size = 0;
    return this;
  }

  public AlsValue factor(double[] v, int n) {
    kind = FACTOR;
    setVector(v, n);
    return this;
  }

  public AlsValue pair(double[] v, int n, double r) {
    kind = PAIR;
    setVector(v, n);
    rating = r;
    return this;
  }

  private void setVector(double[] v, int n) {
    if (vector.length < n) vector = new double[n];
    System.arraycopy(v, 0, vector, 0, n);
    size = n;
  }

  public double[] vectorCopy() { return Arrays.copyOf(vector, size); }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeByte(kind);
    if (kind == RATING) {
      other.write(out);
      out.writeDouble(rating);
      return;
    }
    WritableUtils.writeVInt(out, size);
    for (int i = 0; i < size; i++) out.writeDouble(vector[i]);
    if (kind == PAIR) out.writeDouble(rating);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    kind = in.readByte();
    if (kind == RATING) {
      other.readFields(in);
      rating = in.readDouble();
      size = 0;
      return;
    }
    size = WritableUtils.readVInt(in);
    if (vector.length < size) vector = new double[size];
    for (int i = 0; i < size; i++) vector[i] = in.readDouble();
    if (kind == PAIR) rating = in.readDouble();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AlsValue v && v.kind == kind && v.other.equals(other) && v.rating == rating
        && Arrays.equals(v.vector, 0, v.size, vector, 0, size);
  }

  @Override
  public int hashCode() { return kind * 31 + Double.hashCode(rating); }

  @Override
  public String toString() {
    return kind == RATING ? "rating(" + other + ", " + rating + ")"
        : (kind == FACTOR ? "factor" : "pair(" + rating + ")") + Arrays.toString(vectorCopy());
  }

  /**
   * A writer of one part of a factor folder (ID → factor), as the YARN workers and a warm start write them
   * for the jobs and the model writer to read. Uncompressed: the default (io.seqfile.compression.type
   * RECORD, zlib) deflated every factor on its own, about 20 µs per row, 1 s of each users half-step at
   * 100,000 users (docs/benchmarks).
   */
  public static org.apache.hadoop.io.SequenceFile.Writer factorPartWriter(org.apache.hadoop.conf.Configuration conf,
                                                                         org.apache.hadoop.fs.Path part)
      throws IOException {
    return org.apache.hadoop.io.SequenceFile.createWriter(conf, org.apache.hadoop.io.SequenceFile.Writer.file(part),
        org.apache.hadoop.io.SequenceFile.Writer.keyClass(Text.class),
        org.apache.hadoop.io.SequenceFile.Writer.valueClass(AlsValue.class),
        org.apache.hadoop.io.SequenceFile.Writer.compression(org.apache.hadoop.io.SequenceFile.CompressionType.NONE));
  }
}
