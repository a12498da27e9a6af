package org.shardtrain.yarn.collective;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.Writable;

/**
 * Part of a byte stream one worker serves to another — ALS's routed ratings, which a worker pulls at load from
 * every worker that read some of them: bytes {@code [offset, offset + length)} of a stream of {@code total}
 * bytes. A worker that has not finished writing the stream answers {@link #notHeld}.
 */
public final class ByteChunk implements Writable {
  private boolean held;
  private long total;
  private long offset;
  private byte[] bytes = new byte[0];
  private int length;

  public ByteChunk() {}

  private ByteChunk(boolean held, long total, long offset, byte[] bytes, int length) {
    this.held = held;
    this.total = total;
    this.offset = offset;
    this.bytes = bytes;
    this.length = length;
  }

  /** {@code bytes[0, length)}, found at {@code offset} of a stream of {@code total} bytes. */
  public static ByteChunk of(long total, long offset, byte[] bytes, int length) {
    return new ByteChunk(true, total, offset, bytes, length);
  }

  public static ByteChunk notHeld() { return new ByteChunk(false, 0, 0, new byte[0], 0); }

  public boolean held() { return held; }
  public long total() { return total; }
  public long offset() { return offset; }
  public byte[] bytes() { return bytes; }
  public int length() { return length; }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeBoolean(held);
    out.writeLong(total);
    out.writeLong(offset);
    out.writeInt(length);
    out.write(bytes, 0, length);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    held = in.readBoolean();
    total = in.readLong();
    offset = in.readLong();
    length = in.readInt();
    if (length < 0) throw new IOException("a chunk of " + length + " bytes");
    bytes = new byte[length];
    in.readFully(bytes);
  }
}
