package org.shardtrain.yarn.collective;

import java.io.IOException;

/** What a worker's endpoint answers when another worker fetches factors from it (ALS's out-blocks). */
public interface FactorServer {
  /**
   * Rows {@code [firstRow, firstRow + maxRows)} (fewer at the end) of what this worker's block sent block
   * {@code toBlock} at {@code step} ({@code users-<t>} or {@code items-<t>}), or {@link FactorChunk#notHeld}.
   */
  FactorChunk serve(String step, int toBlock, int firstRow, int maxRows) throws IOException;
}
