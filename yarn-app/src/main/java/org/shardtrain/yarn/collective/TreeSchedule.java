package org.shardtrain.yarn.collective;

import java.util.ArrayList;
import java.util.List;

/**
 * Reduce up a binary tree, then broadcast down it — for small vectors, where a message's latency costs more
 * than its bytes: 2·⌈log₂(W + 1)⌉ − 2 rounds, each a whole-vector message. Member r's children are 2r + 1 and
 * 2r + 2 (a heap), so the tree follows the member table and needs no negotiation. A member sends at most three
 * vectors (one up, two down) and receives at most three, whatever W: there is no hub. Member r's sum is
 * (own + left child's subtree) + right child's subtree; the root's is the result, copied down.
 */
public final class TreeSchedule implements Schedule {
  @Override
  public String name() { return "tree"; }

  @Override
  public List<List<Transfer>> roundsOf(int rank, int members, long length) {
    if (members < 1 || rank < 0 || rank >= members) throw new IllegalArgumentException("member " + rank + " of " + members);
    int depth = depth(members - 1);
    int level = depth(rank);
    int left = 2 * rank + 1;
    int right = 2 * rank + 2;
    List<List<Transfer>> rounds = new ArrayList<>(2 * depth);
    // Up, the deepest level first: round i moves level depth − i to its parents; a parent applies its left
    // child's sum before its right child's.
    for (int moving = depth; moving >= 1; moving--) {
      List<Transfer> round = new ArrayList<>(2);
      if (level == moving) round.add(new Transfer(rank, (rank - 1) / 2, 0, length, Transfer.Combine.ADD));
      if (level == moving - 1) {
        if (left < members) round.add(new Transfer(left, rank, 0, length, Transfer.Combine.ADD));
        if (right < members) round.add(new Transfer(right, rank, 0, length, Transfer.Combine.ADD));
      }
      rounds.add(round);
    }
    // Down: the root's sum copied level by level.
    for (int moving = 1; moving <= depth; moving++) {
      List<Transfer> round = new ArrayList<>(2);
      if (level == moving) round.add(new Transfer((rank - 1) / 2, rank, 0, length, Transfer.Combine.SET));
      if (level == moving - 1) {
        if (left < members) round.add(new Transfer(rank, left, 0, length, Transfer.Combine.SET));
        if (right < members) round.add(new Transfer(rank, right, 0, length, Transfer.Combine.SET));
      }
      rounds.add(round);
    }
    return rounds;
  }

  /** The level of member r in the heap (the root is level 0). */
  static int depth(int r) { return 31 - Integer.numberOfLeadingZeros(r + 1); }
}
