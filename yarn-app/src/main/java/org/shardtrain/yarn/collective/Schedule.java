package org.shardtrain.yarn.collective;

import java.util.List;

/**
 * Who sends what to whom, round by round, so that after the last round every member holds the element-wise
 * sum of every member's vector. A schedule is fixed by the member count and the vector's length alone — never
 * by arrival times — so every run adds the same numbers in the same order and gets the same bits, and every
 * member ends with the same bits (each sum is computed once, at one member, and then copied).
 *
 * <p>Within a round, a member applies the transfers it receives in the order the round lists them; a member
 * sends from its values as they were at the start of the round.
 */
public interface Schedule {
  /**
   * The rounds as member {@code rank} sees them — only the transfers it sends or receives, a handful per round —
   * for {@code members} members and vectors of {@code length} values. Every member gets the same number of
   * rounds (some empty); a member never needs the whole plan, which at W = 1,000 on the ring is 2 million
   * transfers.
   */
  List<List<Transfer>> roundsOf(int rank, int members, long length);

  /** A name for logs and metrics. */
  String name();
}
