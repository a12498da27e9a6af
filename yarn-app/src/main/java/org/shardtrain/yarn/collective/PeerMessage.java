package org.shardtrain.yarn.collective;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.hadoop.io.Writable;

/**
 * One allreduce message between workers: which membership epoch and which collective it belongs to, its round
 * and sender, and the values as raw doubles — written in one bulk copy, not a call per value or a boxed list.
 */
public final class PeerMessage implements Writable {
  private long epoch;
  private long collective;
  private int round;
  private int from;
  private double[] values = new double[0];

  public PeerMessage() {}

  public PeerMessage(long epoch, long collective, int round, int from, double[] values, int length) {
    this.epoch = epoch;
    this.collective = collective;
    this.round = round;
    this.from = from;
    this.values = java.util.Arrays.copyOf(values, length);
  }

  public long epoch() { return epoch; }
  public long collective() { return collective; }
  public int round() { return round; }
  public int from() { return from; }
  public double[] values() { return values; }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeLong(epoch);
    out.writeLong(collective);
    out.writeInt(round);
    out.writeInt(from);
    out.writeInt(values.length);
    byte[] bytes = new byte[8 * values.length];
    ByteBuffer.wrap(bytes).asDoubleBuffer().put(values);
    out.write(bytes);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    epoch = in.readLong();
    collective = in.readLong();
    round = in.readInt();
    from = in.readInt();
    int n = in.readInt();
    if (n < 0) throw new IOException("a message of " + n + " values");
    byte[] bytes = new byte[8 * n];
    in.readFully(bytes);
    values = new double[n];
    ByteBuffer.wrap(bytes).asDoubleBuffer().get(values);
  }
}
