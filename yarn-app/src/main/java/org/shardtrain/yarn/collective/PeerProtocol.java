package org.shardtrain.yarn.collective;

import java.io.IOException;
import org.apache.hadoop.ipc.ProtocolInfo;
import org.apache.hadoop.ipc.VersionedProtocol;
import org.apache.hadoop.security.token.TokenInfo;
import org.shardtrain.yarn.rpc.WorkerToken;

/**
 * A worker's endpoint for the other workers of its application (Hadoop IPC, authenticated with the same
 * {@link WorkerToken} as the AM's service): the messages of an allreduce are pushed to their receiver, which
 * holds them until its member asks for them; ALS factors (and, at load, the ratings routed to a block) are pulled by their receiver from the worker that
 * solved them (as a reducer fetches map outputs in the MapReduce shuffle), so a sender never holds a copy for
 * a receiver that is not ready.
 */
@TokenInfo(WorkerToken.Selector.class)
@ProtocolInfo(protocolName = "org.shardtrain.yarn.collective.PeerProtocol", protocolVersion = PeerProtocol.versionID)
public interface PeerProtocol extends VersionedProtocol {
  long versionID = 3L;

  /** Delivers one message; refused when it belongs to an older membership epoch than the receiver's. */
  void deliver(PeerMessage message) throws IOException;

  /**
   * Rows {@code [firstRow, firstRow + maxRows)} of the factors this worker's block sent block {@code toBlock}
   * at {@code step}; refused when {@code epoch} is older than the receiver's (a replaced worker asking).
   */
  FactorChunk fetchFactors(long epoch, String step, int toBlock, int firstRow, int maxRows) throws IOException;

  /**
   * Bytes {@code [offset, offset + maxBytes)} of this worker's stream {@code name} (ALS's ratings it routed to
   * one block); refused when {@code epoch} is older than the receiver's.
   */
  ByteChunk fetchStream(long epoch, String name, long offset, int maxBytes) throws IOException;
}
