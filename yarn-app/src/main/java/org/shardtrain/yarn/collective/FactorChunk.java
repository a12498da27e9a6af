package org.shardtrain.yarn.collective;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.hadoop.io.Writable;

/**
 * Part of one ALS out-block, as a receiver fetches it from the worker that owns it: rows
 * {@code [firstRow, firstRow + rows)} of the factors the sender's block sends to one destination block, as raw
 * doubles (one bulk copy each way). The header says how many rows the whole out-block has, their rank and the
 * digest of their IDs, so the receiver checks the pair agrees on which factors travel before it keeps any
 * ({@code ExchangeOrder}). A sender that does not hold the step asked for (yet) answers {@link #notHeld}.
 */
public final class FactorChunk implements Writable {
  private boolean held;
  private int totalRows;
  private int rank;
  private long digest;
  private int firstRow;
  private int rows;
  private double[] values = new double[0];

  public FactorChunk() {}

  private FactorChunk(boolean held, int totalRows, int rank, long digest, int firstRow, int rows, double[] values) {
    this.held = held;
    this.totalRows = totalRows;
    this.rank = rank;
    this.digest = digest;
    this.firstRow = firstRow;
    this.rows = rows;
    this.values = values;
  }

  /** {@code rows} rows from {@code firstRow} of an out-block of {@code totalRows} rows; {@code values} is rows × rank. */
  public static FactorChunk of(int totalRows, int rank, long digest, int firstRow, int rows, double[] values) {
    if (values.length != (long) rows * rank) {
      throw new IllegalArgumentException(values.length + " values for " + rows + " rows of rank " + rank);
    }
    return new FactorChunk(true, totalRows, rank, digest, firstRow, rows, values);
  }

  /** The sender does not hold that step's factors (it has not solved or reloaded them yet): ask again. */
  public static FactorChunk notHeld() { return new FactorChunk(false, 0, 0, 0, 0, 0, new double[0]); }

  public boolean held() { return held; }
  public int totalRows() { return totalRows; }
  public int rank() { return rank; }
  public long digest() { return digest; }
  public int firstRow() { return firstRow; }
  public int rows() { return rows; }
  /** Row-major: row {@code firstRow + i}'s factor at {@code [i·rank, (i + 1)·rank)}. */
  public double[] values() { return values; }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeBoolean(held);
    out.writeInt(totalRows);
    out.writeInt(rank);
    out.writeLong(digest);
    out.writeInt(firstRow);
    out.writeInt(rows);
    out.writeInt(values.length);
    byte[] bytes = new byte[Double.BYTES * values.length];
    ByteBuffer.wrap(bytes).asDoubleBuffer().put(values);
    out.write(bytes);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    held = in.readBoolean();
    totalRows = in.readInt();
    rank = in.readInt();
    digest = in.readLong();
    firstRow = in.readInt();
    rows = in.readInt();
    int n = in.readInt();
    if (n < 0 || n != (long) rows * rank) throw new IOException("a factor chunk of " + n + " values for " + rows + " rows of rank " + rank);
    byte[] bytes = new byte[Double.BYTES * n];
    in.readFully(bytes);
    values = new double[n];
    ByteBuffer.wrap(bytes).asDoubleBuffer().get(values);
  }
}
