package org.shardtrain.yarn.collective;

import java.io.IOException;
import org.apache.hadoop.ipc.ProtocolInfo;
import org.apache.hadoop.ipc.VersionedProtocol;
import org.apache.hadoop.security.token.TokenInfo;
import org.shardtrain.yarn.rpc.WorkerToken;

/**
 * A worker's endpoint for the other workers of its application (Hadoop IPC, authenticated with the same
 * {@link WorkerToken} as the AM's service): the messages of an allreduce are pushed to their receiver, which
 * holds them until its member asks for them.
 */
@TokenInfo(WorkerToken.Selector.class)
@ProtocolInfo(protocolName = "org.shardtrain.yarn.collective.PeerProtocol", protocolVersion = PeerProtocol.versionID)
public interface PeerProtocol extends VersionedProtocol {
  long versionID = 1L;

  /** Delivers one message; refused when it belongs to an older membership epoch than the receiver's. */
  void deliver(PeerMessage message) throws IOException;
}
