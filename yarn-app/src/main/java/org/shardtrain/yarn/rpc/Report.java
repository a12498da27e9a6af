package org.shardtrain.yarn.rpc;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;
import org.shardtrain.yarn.protocol.WorkerResult;

/**
 * A worker's answer to one command: its result, one record of {@code WorkerMessages.avdl} (or a one-line
 * error), and the worker's running totals of records held and seconds spent computing and waiting, for
 * metrics.json and the status page. The result travels Avro-encoded inside this Writable envelope.
 */
public final class Report implements Writable {
  private int slot;
  private long sequence;
  private String error = "";
  private SpecificRecord result;
  private long records;
  private double computeSeconds;
  private double waitSeconds;
  private boolean inputError;
  private double peakRssMb = -1;
  private NameNodeOps nameNodeOps = NameNodeOps.NONE;
  private boolean collectiveFailed;
  /** The result's encoded size, as sent (what the AM received for it). */
  private int resultBytes;

  public Report() {}

  public Report(int slot, long sequence, String error, SpecificRecord result, long records, double computeSeconds,
                double waitSeconds) {
    this.slot = slot;
    this.sequence = sequence;
    this.error = error == null ? "" : error;
    this.result = result;
    this.records = records;
    this.computeSeconds = computeSeconds;
    this.waitSeconds = waitSeconds;
  }

  /** The error was the input's (a malformed record, a missing file), not the worker's or the cluster's. */
  public Report inputError(boolean value) {
    this.inputError = value;
    return this;
  }

  public boolean inputError() { return inputError; }

  /** The worker JVM's peak resident set so far (megabytes; -1 unknown). */
  public Report peakRssMb(double value) {
    this.peakRssMb = value;
    return this;
  }

  public double peakRssMb() { return peakRssMb; }

  /** The worker process's NameNode operations so far (cumulative over its life). */
  public Report nameNodeOps(NameNodeOps ops) {
    this.nameNodeOps = ops;
    return this;
  }

  public NameNodeOps nameNodeOps() { return nameNodeOps; }

  /**
   * The error is the allreduce's among workers (a peer lost or replaced, a newer membership posted): the AM
   * redoes the pass when a replacement is on its way rather than failing the run.
   */
  public Report collectiveFailed(boolean value) {
    this.collectiveFailed = value;
    return this;
  }

  public boolean collectiveFailed() { return collectiveFailed; }

  /** Bytes of the encoded result (known once written or read). */
  public int resultBytes() { return resultBytes; }

  public int slot() { return slot; }
  public long sequence() { return sequence; }
  /** The failure's one-line reason, or null when the command succeeded. */
  public String error() { return error.isEmpty() ? null : error; }
  /** The result record; null when the command failed. */
  public SpecificRecord result() { return result; }
  public long records() { return records; }
  public double computeSeconds() { return computeSeconds; }
  public double waitSeconds() { return waitSeconds; }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeInt(slot);
    out.writeLong(sequence);
    Text.writeString(out, error);
    // Encoding fails here, on the sender, for a record that is not one of the union's results.
    byte[] bytes = AvroBytes.encode(WorkerResult.newBuilder().setAnswer(result).build());
    WritableUtils.writeVInt(out, bytes.length);
    out.write(bytes);
    resultBytes = bytes.length;
    out.writeLong(records);
    out.writeDouble(computeSeconds);
    out.writeDouble(waitSeconds);
    out.writeBoolean(inputError);
    out.writeDouble(peakRssMb);
    out.writeLong(nameNodeOps.created());
    out.writeLong(nameNodeOps.opened());
    out.writeLong(nameNodeOps.deleted());
    out.writeBoolean(collectiveFailed);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    slot = in.readInt();
    sequence = in.readLong();
    error = Text.readString(in);
    byte[] bytes = new byte[WritableUtils.readVInt(in)];
    in.readFully(bytes);
    resultBytes = bytes.length;
    result = (SpecificRecord) AvroBytes.decode(bytes, WorkerResult.class).getAnswer();
    records = in.readLong();
    computeSeconds = in.readDouble();
    waitSeconds = in.readDouble();
    inputError = in.readBoolean();
    peakRssMb = in.readDouble();
    nameNodeOps = new NameNodeOps(in.readLong(), in.readLong(), in.readLong());
    collectiveFailed = in.readBoolean();
  }
}
