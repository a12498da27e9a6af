package org.shardtrain.yarn.rpc;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;
import org.shardtrain.yarn.protocol.Stop;
import org.shardtrain.yarn.protocol.WorkerCommand;

/**
 * What the ApplicationMaster asks every worker to do next: one operation record of
 * {@code WorkerMessages.avdl} ({@code KMeansLloyd}, {@code AlsSolve}, {@code Stop}, ...). Commands are
 * numbered; {@link #NONE} means "nothing new yet" (a long poll that timed out). The Writable is only
 * Hadoop IPC's envelope: the operation inside is the Avro record, encoded with its schema.
 */
public final class Command implements Writable {
  public static final long NONE = -1;

  private long sequence = NONE;
  private SpecificRecord operation;
  /**
   * The operation encoded once: the AM hands the same command to every worker, and Hadoop IPC writes it once
   * per worker — W encodings of an SGD point or k-means centres per pass otherwise.
   */
  private byte[] encoded;

  public Command() {}

  public Command(long sequence, SpecificRecord operation) {
    this.sequence = sequence;
    this.operation = operation;
  }

  public static Command none() { return new Command(); }

  public long sequence() { return sequence; }

  /** The operation record; null for {@link #none()}. */
  public SpecificRecord operation() { return operation; }

  public boolean isStop() { return operation instanceof Stop; }

  /** The operation's record name, for messages ("KMeansLloyd"). */
  public String name() { return nameOf(operation); }

  public static String nameOf(SpecificRecord operation) {
    return operation == null ? "nothing" : operation.getSchema().getName();
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeLong(sequence);
    out.writeBoolean(operation != null);
    if (operation != null) {
      byte[] bytes = encoded();
      WritableUtils.writeVInt(out, bytes.length);
      out.write(bytes);
    }
  }

  /** The encoded operation (empty for none); encoding fails here, on the sender, for a record that is not an operation. */
  public synchronized byte[] encoded() {
    if (operation == null) return new byte[0];
    if (encoded == null) encoded = AvroBytes.encode(WorkerCommand.newBuilder().setOperation(operation).build());
    return encoded;
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    sequence = in.readLong();
    operation = null;
    encoded = null;
    if (in.readBoolean()) {
      byte[] bytes = new byte[WritableUtils.readVInt(in)];
      in.readFully(bytes);
      encoded = bytes;
      operation = (SpecificRecord) AvroBytes.decode(bytes, WorkerCommand.class).getOperation();
    }
  }
}
