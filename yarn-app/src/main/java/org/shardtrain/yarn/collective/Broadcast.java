package org.shardtrain.yarn.collective;

import java.io.IOException;

/**
 * Member 0's vector to every member, without a hub: member 0 cuts it into W − 1 pieces and sends piece j to
 * member j + 1 (a scatter), then members 1 … W − 1 pass the pieces around their ring until each holds all of
 * them (an all-gather, W − 2 rounds) — van de Geijn's broadcast, the ring allreduce's second half. Member 0 sends
 * the vector once; every other member receives it once and sends it once, less a piece. So a pass that
 * broadcasts a point and then allreduces a gradient of its size on the ring moves at most 3 × the payload in
 * and out of any member, where the AM sending the point to each worker moved W × the payload out of the AM.
 *
 * <p>The messages use negative round numbers, so the allreduce that follows on the same collective (rounds from
 * 0) never meets them in a mailbox. The receivers learn the length from the pieces themselves.
 */
public final class Broadcast {
  private Broadcast() {}

  private static final int SCATTER_ROUND = -1;

  /**
   * Every member's copy of member 0's {@code values} ({@code values} is read at member 0 only; the others may
   * pass null). {@code members} ≥ 1.
   */
  public static double[] run(int rank, int members, Link link, double[] values) throws IOException, InterruptedException {
    if (members == 1) return values;
    int n = members - 1; // the ring: members 1 … W − 1, piece j belongs first to member j + 1
    if (rank == 0) {
      for (int j = 0; j < n; j++) {
        int lo = (int) ((long) values.length * j / n);
        int hi = (int) ((long) values.length * (j + 1) / n);
        link.send(j + 1, SCATTER_ROUND, java.util.Arrays.copyOfRange(values, lo, hi), hi - lo);
      }
      return values;
    }
    int own = rank - 1;
    double[][] pieces = new double[n][];
    pieces[own] = link.receive(0, SCATTER_ROUND);
    int next = own + 1 == n ? 1 : rank + 1;
    int previous = own == 0 ? n : rank - 1;
    for (int step = 0; step < n - 1; step++) {
      int sending = Math.floorMod(own - step, n);
      int receiving = Math.floorMod(own - step - 1, n);
      link.send(next, SCATTER_ROUND - 1 - step, pieces[sending], pieces[sending].length);
      pieces[receiving] = link.receive(previous, SCATTER_ROUND - 1 - step);
    }
    int length = 0;
    for (double[] p : pieces) length += p.length;
    double[] out = new double[length];
    int at = 0;
    for (double[] p : pieces) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
