package org.shardtrain.yarn.am;

import java.util.List;
import org.shardtrain.yarn.protocol.Members;

/**
 * The {@link Members} of a run's collective commands. The member table (every slot's endpoint, ~17 bytes a
 * worker) goes out once per membership epoch: every worker runs every command, so each has it from the first
 * collective of the epoch, and later ones carry the epoch and collective number only. Sent with every command,
 * it made each of W fetches O(W) bytes — O(W²) out of the AM per pass (16.6 MB at W = 1,000).
 */
public final class MemberTable {
  private long sentEpoch = -1;

  public synchronized Members of(Coordinator.Membership m, long collective) {
    boolean send = m.epoch() != sentEpoch;
    sentEpoch = m.epoch();
    return new Members(m.epoch(), collective, send ? List.copyOf(m.peers()) : List.of());
  }
}
