package org.shardtrain.yarn.worker;

import java.io.IOException;
import java.io.InputStream;
import org.shardtrain.yarn.collective.ByteChunk;
import org.shardtrain.yarn.protocol.Members;

/**
 * Another worker's stream, read as it is pulled chunk by chunk (at most {@link #CHUNK_BYTES} a fetch, far below
 * the IPC limit), so a stream may be any length. A fetch that fails for good ends the read with an IOException
 * whose cause is the {@link Collectives.CollectiveFailed}.
 */
final class PulledStream extends InputStream {
  static final int CHUNK_BYTES = 4 << 20;

  private final Collectives collectives;
  private final PeerRetry retry;
  private final Members members;
  private final int sender;
  private final String name;
  private long offset;
  private long total = -1;
  private byte[] chunk = new byte[0];
  private int at;
  private int length;

  PulledStream(Collectives collectives, PeerRetry retry, Members members, int sender, String name) {
    this.collectives = collectives;
    this.retry = retry;
    this.members = members;
    this.sender = sender;
    this.name = name;
  }

  private boolean fill() throws IOException {
    if (at < length) return true;
    if (total >= 0 && offset >= total) return false;
    ByteChunk c;
    try {
      c = retry.fetch("ratings " + name, sender, () -> {
        ByteChunk got = collectives.fetchStream(members, sender, name, offset, CHUNK_BYTES);
        return got.held() ? got : null;
      });
    } catch (Collectives.CollectiveFailed e) {
      throw new IOException(e.getMessage(), e);
    }
    if (c.offset() != offset || (total >= 0 && c.total() != total) || (c.length() == 0 && offset < c.total())) {
      throw new IOException("worker " + sender + " answered " + c.length() + " bytes at " + c.offset() + " of " + c.total()
          + " for " + name + ", asked at " + offset + (total >= 0 ? " of " + total : ""));
    }
    total = c.total();
    chunk = c.bytes();
    length = c.length();
    at = 0;
    offset += length;
    return length > 0;
  }

  @Override
  public int read() throws IOException {
    return fill() ? chunk[at++] & 0xff : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) return 0;
    if (!fill()) return -1;
    int n = Math.min(len, length - at);
    System.arraycopy(chunk, at, b, off, n);
    at += n;
    return n;
  }
}
