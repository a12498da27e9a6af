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
      // Encoding fails here, on the sender, for a record that is not one of the union's operations.
      byte[] bytes = AvroBytes.encode(WorkerCommand.newBuilder().setOperation(operation).build());
      WritableUtils.writeVInt(out, bytes.length);
      out.write(bytes);
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    sequence = in.readLong();
    operation = null;
    if (in.readBoolean()) {
      byte[] bytes = new byte[WritableUtils.readVInt(in)];
      in.readFully(bytes);
      operation = (SpecificRecord) AvroBytes.decode(bytes, WorkerCommand.class).getOperation();
    }
  }
}
