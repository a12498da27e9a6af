package org.shardtrain.yarn.worker;

import java.util.Arrays;
import org.shardtrain.core.als.RatingBlock;

/**
 * Which factors travel between ALS blocks, in which order, worked out once from the routed ratings. Block s
 * sends block b the rows of its own IDs that some rating of b references; b receives them into the rows of
 * its {@code otherIds} owned by s. Both lists are the same IDs in the same (sorted) order, because both come
 * from the same training ratings (each is routed to its user block and to its item block) and both sides
 * keep IDs sorted; so an exchange file carries factors only, and a digest of the IDs checks the agreement.
 */
final class ExchangeOrder {
  /** For each destination block: rows of the own side to send, increasing. */
  final int[][] sends;
  final long[] sendDigests;
  /** For each sending block: the rows of {@code otherIds} its factors go to, increasing. */
  final int[][] receives;
  final long[] receiveDigests;

  ExchangeOrder(RatingBlock own, int blocks) {
    sends = new int[blocks][];
    sendDigests = new long[blocks];
    Rows[] rows = new Rows[blocks];
    for (int b = 0; b < blocks; b++) rows[b] = new Rows();
    boolean[] marked = new boolean[blocks];
    for (int r = 0; r < own.size(); r++) {
      Arrays.fill(marked, false);
      for (int q = own.ratingsFrom(r); q < own.ratingsTo(r); q++) {
        int b = RatingShuffle.blockOf(own.otherIds()[own.otherOf(q)], blocks);
        if (!marked[b]) {
          marked[b] = true;
          rows[b].add(r);
        }
      }
    }
    for (int b = 0; b < blocks; b++) {
      sends[b] = rows[b].toArray();
      sendDigests[b] = digest(own.ids(), sends[b]);
    }
    receives = new int[blocks][];
    receiveDigests = new long[blocks];
    String[] others = own.otherIds();
    Rows[] from = new Rows[blocks];
    for (int s = 0; s < blocks; s++) from[s] = new Rows();
    for (int i = 0; i < others.length; i++) from[RatingShuffle.blockOf(others[i], blocks)].add(i);
    for (int s = 0; s < blocks; s++) {
      receives[s] = from[s].toArray();
      receiveDigests[s] = digest(others, receives[s]);
    }
  }

  /** Row numbers in the order added, on a growable int array (not an Integer per row). */
  private static final class Rows {
    private int[] rows = new int[16];
    private int size;

    void add(int row) {
      if (size == rows.length) rows = Arrays.copyOf(rows, 2 * size);
      rows[size++] = row;
    }

    int[] toArray() { return Arrays.copyOf(rows, size); }
  }

  /** An order-dependent digest of the IDs at {@code rows} (64-bit FNV-1a over their characters). */
  static long digest(String[] ids, int[] rows) {
    long h = 0xcbf29ce484222325L;
    for (int r : rows) {
      String id = ids[r];
      for (int i = 0; i < id.length(); i++) h = (h ^ id.charAt(i)) * 0x100000001b3L;
      h = (h ^ 0xff) * 0x100000001b3L; // separator: "1","23" differs from "12","3"
    }
    return h;
  }
}
