package org.shardtrain.yarn.worker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.net.NetUtils;
import org.shardtrain.yarn.collective.AllreduceMember;
import org.shardtrain.yarn.collective.Broadcast;
import org.shardtrain.yarn.collective.ByteChunk;
import org.shardtrain.yarn.collective.FactorChunk;
import org.shardtrain.yarn.collective.FactorServer;
import org.shardtrain.yarn.collective.Link;
import org.shardtrain.yarn.collective.PaddedSum;
import org.shardtrain.yarn.collective.PeerEndpoint;
import org.shardtrain.yarn.collective.Reduction;
import org.shardtrain.yarn.collective.Schedule;
import org.shardtrain.yarn.collective.Schedules;
import org.shardtrain.yarn.collective.StreamServer;
import org.shardtrain.yarn.protocol.Members;
import org.shardtrain.yarn.rpc.WorkerProtocol;

/**
 * A worker's allreduces with the other workers: its endpoint, and the check that ends a wait when the AM has
 * posted the pass again for a new membership (a replaced worker) — asked of the AM every second while a
 * message is awaited, outside any lock.
 */
final class Collectives {
  /**
   * Opens one allreduce's {@link Link} for {@code slot} among {@code members}. A worker's opens it through its
   * {@link PeerEndpoint}; the other implementation is a test seam (the scale test's in-process links).
   */
  interface Links {
    Link open(int slot, Members members, java.util.function.BooleanSupplier superseded);
  }

  /**
   * How a worker serves its ALS factors and routed ratings to the others and fetches theirs: through its
   * {@link PeerEndpoint}, or in-process (a test seam).
   */
  interface AlsPeers {
    void serve(FactorServer factors, StreamServer streams);

    FactorChunk fetch(Members members, int sender, String step, int toBlock, int firstRow, int maxRows) throws IOException;

    ByteChunk fetchStream(Members members, int sender, String name, long offset, int maxBytes) throws IOException;
  }

  private final Links links;
  private final AlsPeers alsPeers;
  private final int slot;
  private final WorkerProtocol am;
  private volatile long sequence;

  Collectives(PeerEndpoint endpoint, int slot, WorkerProtocol am) {
    this((rank, members, superseded) -> {
      endpoint.epochAtLeast(members.getEpoch());
      List<InetSocketAddress> peers = new ArrayList<>();
      for (CharSequence p : members.getPeers()) peers.add(NetUtils.createSocketAddr(p.toString()));
      return endpoint.link(rank, members.getEpoch(), members.getCollective(), peers, PeerEndpoint.RECEIVE_TIMEOUT_MILLIS,
          superseded);
    }, new AlsPeers() {
      @Override
      public void serve(FactorServer factors, StreamServer streams) {
        endpoint.serveFactors(factors);
        endpoint.serveStreams(streams);
      }

      @Override
      public FactorChunk fetch(Members members, int sender, String step, int toBlock, int firstRow, int maxRows)
          throws IOException {
        endpoint.epochAtLeast(members.getEpoch());
        return endpoint.fetch(NetUtils.createSocketAddr(members.getPeers().get(sender).toString()), members.getEpoch(),
            step, toBlock, firstRow, maxRows);
      }

      @Override
      public ByteChunk fetchStream(Members members, int sender, String name, long offset, int maxBytes) throws IOException {
        endpoint.epochAtLeast(members.getEpoch());
        return endpoint.fetchStream(NetUtils.createSocketAddr(members.getPeers().get(sender).toString()),
            members.getEpoch(), name, offset, maxBytes);
      }
    }, slot, am);
  }

  /**
   * Test seam ({@code CoordinationScaleTest}): allreduces over {@code links} instead of a worker endpoint — the
   * rest (the schedule, {@link AllreduceMember}, the supersession check, the failure) is a worker's own code.
   */
  Collectives(Links links, int slot, WorkerProtocol am) {
    this(links, null, slot, am);
  }

  /** Test seam: also ALS's factors and routed ratings over {@code alsPeers} ({@code AlsExchangeTest}). */
  Collectives(Links links, AlsPeers alsPeers, int slot, WorkerProtocol am) {
    this.links = links;
    this.alsPeers = alsPeers;
    this.slot = slot;
    this.am = am;
  }

  /** The command now running (the pass whose supersession the waits ask about). */
  void running(long commandSequence) { this.sequence = commandSequence; }

  /** Whether the AM has posted the running command again (for a new membership): a wait for peers should end. */
  boolean superseded() {
    try {
      return am.nextCommand(slot, sequence, 0).sequence() > sequence;
    } catch (IOException e) {
      return false; // the AM unreachable for now: keep waiting (the receive time-out still ends it)
    }
  }

  /** The member table of the newest epoch this worker was sent one for (the AM sends it once per epoch). */
  private long tableEpoch = -1;
  private List<String> table = List.of();

  /**
   * {@code m} with its epoch's member table: the one it carries (kept), or the one kept for its epoch. A worker
   * whose command names members but may not reach any of them (one block's ALS gather with one worker) calls
   * it so that the table is kept for the commands after it.
   */
  Members withTable(Members m) throws CollectiveFailed {
    if (!m.getPeers().isEmpty()) {
      tableEpoch = m.getEpoch();
      table = m.getPeers().stream().map(CharSequence::toString).toList();
      return m;
    }
    if (m.getEpoch() != tableEpoch) {
      throw new CollectiveFailed("worker " + slot + ": no member table for epoch " + m.getEpoch() + " (it holds epoch "
          + tableEpoch + "'s)");
    }
    return new Members(m.getEpoch(), m.getCollective(), table);
  }

  /** Makes the servers answer the other workers' fetches of this worker's ALS factors and routed ratings. */
  void serveAls(FactorServer factors, StreamServer streams) {
    if (alsPeers == null) throw new IllegalStateException("worker " + slot + " has no endpoint to serve ALS data from");
    alsPeers.serve(factors, streams);
  }

  /** Part of what member {@code sender} of {@code members} sent block {@code toBlock} at {@code step}. */
  FactorChunk fetchFactors(Members members, int sender, String step, int toBlock, int firstRow, int maxRows)
      throws IOException, CollectiveFailed {
    return alsPeers.fetch(withTable(members), sender, step, toBlock, firstRow, maxRows);
  }

  /** Part of member {@code sender}'s stream {@code name}. */
  ByteChunk fetchStream(Members members, int sender, String name, long offset, int maxBytes)
      throws IOException, CollectiveFailed {
    return alsPeers.fetchStream(withTable(members), sender, name, offset, maxBytes);
  }

  /** Reduces {@code values} among {@code members} with {@code schedule}; a failure is a {@link CollectiveFailed}. */
  void allreduce(double[] values, Members members, Schedule schedule, Reduction reduction) throws CollectiveFailed {
    run(members, (link, count) -> {
      new AllreduceMember(slot, link).allreduce(values, schedule.roundsOf(slot, count, values.length), reduction);
      return values;
    });
  }

  /** Slot 0's {@code values} at every member ({@link Broadcast}); the others pass null. */
  double[] broadcast(double[] values, Members members) throws CollectiveFailed {
    return run(members, (link, count) -> Broadcast.run(slot, count, link, values));
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

  private double[] run(Members sent, Step step) throws CollectiveFailed {
    Members members = withTable(sent);
    Link link = links.open(slot, members, this::superseded);
    try {
      return step.run(link, members.getPeers().size());
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
