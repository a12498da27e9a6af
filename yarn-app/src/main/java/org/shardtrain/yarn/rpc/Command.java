package org.shardtrain.yarn.rpc;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * What the ApplicationMaster asks every worker to do next: an operation name ({@code kmeans.lloyd},
 * {@code stop}, ...) and its argument bytes. Commands are numbered; {@link #NONE} means "nothing new yet"
 * (a long poll that timed out).
 */
public final class Command implements Writable {
  public static final long NONE = -1;
  public static final String STOP = "stop";

  private long sequence = NONE;
  private String operation = "";
  private byte[] payload = new byte[0];

  public Command() {}

  public Command(long sequence, String operation, byte[] payload) {
    this.sequence = sequence;
    this.operation = operation;
    this.payload = payload;
  }

  public static Command none() { return new Command(); }

  public long sequence() { return sequence; }
  public String operation() { return operation; }
  public byte[] payload() { return payload; }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeLong(sequence);
    Text.writeString(out, operation);
    WritableUtils.writeVInt(out, payload.length);
    out.write(payload);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    sequence = in.readLong();
    operation = Text.readString(in);
    payload = new byte[WritableUtils.readVInt(in)];
    in.readFully(payload);
  }
}
