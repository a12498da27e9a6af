package org.shardtrain.yarn.rpc;

import java.io.IOException;
import org.apache.hadoop.ipc.ProtocolInfo;
import org.apache.hadoop.ipc.VersionedProtocol;
import org.apache.hadoop.security.token.TokenInfo;

/**
 * The ApplicationMaster's service for its workers (Hadoop IPC, authenticated with the application's
 * {@link WorkerToken} over SASL, as MapReduce's AM authenticates its tasks). Workers call; the AM never
 * calls a worker. A worker long-polls {@link #nextCommand}, runs the command on
 * the shards it holds, and {@link #report}s the result. (Workers also open an endpoint for each other:
 * {@code PeerProtocol}.)
 */
@TokenInfo(WorkerToken.Selector.class)
@ProtocolInfo(protocolName = "org.shardtrain.yarn.rpc.WorkerProtocol", protocolVersion = WorkerProtocol.versionID)
public interface WorkerProtocol extends VersionedProtocol {
  /**
   * 3: commands and reports carry the typed records of WorkerMessages.avdl. 4: vectors are packed bytes; an SGD
   * gradient carries the point only (the frame once, SgdFrame). 5: a KMeansLloyd may come without centres (the
   * members hold them) and carries their digest; SGD passes and ALS evaluation carry Members. 6: an AlsSolve
   * carries Members (the factors are pulled from the workers' endpoints, the totals summed among them). 7: with
   * Members, an SgdGradient's point and a KMeansSeeding's or KMeansWeigh's candidates are in slot 0's copy only
   * (it broadcasts them); AlsLoad has no exchange folder, AlsGather and AlsWarmGram carry Members.
   */
  long versionID = 7L;

  /** A worker's first call: its slot, container, node and kernel backend. */
  void register(Registration registration) throws IOException;

  /**
   * The first command numbered after {@code afterSequence}, waiting up to {@code waitMillis} for one;
   * {@link Command#none()} when none came (the worker asks again).
   */
  Command nextCommand(int slot, long afterSequence, long waitMillis) throws IOException;

  void report(Report report) throws IOException;
}
