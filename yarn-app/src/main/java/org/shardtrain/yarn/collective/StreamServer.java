package org.shardtrain.yarn.collective;

import java.io.IOException;

/** What a worker's endpoint answers when another worker fetches one of its named byte streams. */
public interface StreamServer {
  /**
   * Bytes {@code [offset, offset + maxBytes)} (fewer at the end) of stream {@code name}, an empty chunk of
   * total 0 for a stream this worker never wrote, or {@link ByteChunk#notHeld} while it is still writing them.
   */
  ByteChunk serve(String name, long offset, int maxBytes) throws IOException;
}
