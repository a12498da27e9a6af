package org.shardtrain.yarn.worker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.net.NetUtils;
import org.shardtrain.yarn.collective.AllreduceMember;
import org.shardtrain.yarn.collective.Link;
import org.shardtrain.yarn.collective.PaddedSum;
import org.shardtrain.yarn.collective.PeerEndpoint;
import org.shardtrain.yarn.collective.Reduction;
import org.shardtrain.yarn.collective.Schedule;
import org.shardtrain.yarn.collective.Schedules;
import org.shardtrain.yarn.protocol.Members;
import org.shardtrain.yarn.rpc.WorkerProtocol;

/**
 * A worker's allreduces with the other workers: its endpoint, and the check that ends a wait when the AM has
 * posted the pass again for a new membership (a replaced worker) — asked of the AM every second while a
 * message is awaited, outside any lock.
 */
final class Collectives {
  private final PeerEndpoint endpoint;
  private final int slot;
  private final WorkerProtocol am;
  private volatile long sequence;

  Collectives(PeerEndpoint endpoint, int slot, WorkerProtocol am) {
    this.endpoint = endpoint;
    this.slot = slot;
    this.am = am;
  }

  /** The command now running (the pass whose supersession the waits ask about). */
  void running(long commandSequence) { this.sequence = commandSequence; }

  private boolean superseded() {
    try {
      return am.nextCommand(slot, sequence, 0).sequence() > sequence;
    } catch (IOException e) {
      return false; // the AM unreachable for now: keep waiting (the receive time-out still ends it)
    }
  }

  /** Reduces {@code values} among {@code members} with {@code schedule}; a failure is a {@link CollectiveFailed}. */
  void allreduce(double[] values, Members members, Schedule schedule, Reduction reduction) throws CollectiveFailed {
    run(members, (link, count) -> {
      new AllreduceMember(slot, link).allreduce(values, schedule.roundsOf(slot, count, values.length), reduction);
      return values;
    });
  }

  /**
   * The sum among {@code members} of vectors that may differ in length, padded to the longest
   * ({@link PaddedSum}); {@code values} may be overwritten.
   */
  double[] paddedSum(double[] values, Members members) throws CollectiveFailed {
    return run(members, (link, count) -> PaddedSum.allreduce(slot, count, link, values, Schedules.RING_FROM_BYTES));
  }

  private interface Step {
    double[] run(Link link, int members) throws IOException, InterruptedException;
  }

  private double[] run(Members members, Step step) throws CollectiveFailed {
    endpoint.epochAtLeast(members.getEpoch());
    List<InetSocketAddress> peers = new ArrayList<>();
    for (CharSequence p : members.getPeers()) peers.add(NetUtils.createSocketAddr(p.toString()));
    Link link = endpoint.link(slot, members.getEpoch(), members.getCollective(), peers, PeerEndpoint.RECEIVE_TIMEOUT_MILLIS,
        this::superseded);
    try {
      return step.run(link, peers.size());
    } catch (IOException e) {
      throw new CollectiveFailed("worker " + slot + ": allreduce of epoch " + members.getEpoch() + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CollectiveFailed("worker " + slot + ": interrupted in an allreduce");
    }
  }

  /** The allreduce among workers failed (a peer lost, a newer membership): the AM redoes the pass if it can. */
  static final class CollectiveFailed extends Exception {
    CollectiveFailed(String message) { super(message); }
  }
}
