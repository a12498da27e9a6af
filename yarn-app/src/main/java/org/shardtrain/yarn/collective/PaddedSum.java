package org.shardtrain.yarn.collective;

import java.io.IOException;
import java.util.Arrays;

/**
 * The element-wise sum of vectors that may differ in length (SGD's feature sums grow with the largest index a
 * worker has seen), each read as padded with zeros to the longest — what the AM's serial merge did. Two
 * allreduces on one link: the members first agree on the longest length (a one-value maximum on the tree),
 * then pad to it and sum on the schedule that length's bytes call for ({@link Schedules#forBytes}: the tree for
 * small vectors, the ring for large). The second's rounds are numbered after the first's, so their messages
 * never meet. The order of additions is the schedule's, fixed by the member table and the agreed length.
 */
public final class PaddedSum {
  private PaddedSum() {}

  /** The largest of the members' values (element-wise): commutative, associative, exact. */
  static final Reduction MAX = new Reduction() {
    @Override
    public void combine(double[] mine, int lo, double[] received) {
      for (int i = 0; i < received.length; i++) mine[lo + i] = Math.max(received[i], mine[lo + i]);
    }

    @Override public boolean elementWise() { return true; }
  };

  /**
   * Member {@code rank} of {@code members}' part: returns the sum of every member's {@code values} (null reads
   * as empty), as long as the longest of them; every member gets the same bits.
   */
  public static double[] allreduce(int rank, int members, Link link, double[] values, long ringFromBytes)
      throws IOException, InterruptedException {
    double[] mine = values == null ? new double[0] : values;
    double[] length = {mine.length};
    java.util.List<java.util.List<Transfer>> agree = new TreeSchedule().roundsOf(rank, members, 1);
    new AllreduceMember(rank, link).allreduce(length, agree, MAX);
    int n = (int) length[0];
    double[] sum = n == mine.length ? mine : Arrays.copyOf(mine, n);
    if (n == 0) return sum;
    Link after = shifted(link, agree.size());
    new AllreduceMember(rank, after).allreduce(sum, Schedules.forBytes(8L * n, ringFromBytes).roundsOf(rank, members, n),
        Reduction.SUM);
    return sum;
  }

  /** {@code link} with every round numbered {@code base} later. */
  static Link shifted(Link link, int base) {
    return new Link() {
      @Override
      public void send(int to, int round, double[] values, int length) throws IOException {
        link.send(to, base + round, values, length);
      }

      @Override
      public double[] receive(int from, int round) throws IOException, InterruptedException {
        return link.receive(from, base + round);
      }
    };
  }
}
