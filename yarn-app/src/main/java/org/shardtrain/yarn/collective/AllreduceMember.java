package org.shardtrain.yarn.collective;

import java.io.IOException;
import java.util.List;

/**
 * One member's part of an allreduce: it runs the schedule's rounds over its own vector, sending and receiving
 * through its {@link Link}, and ends with the sum of every member's vector, the same bits as every other
 * member. The order of additions comes from the schedule only, so arrival times change nothing.
 *
 * <p>The vector is one {@code double[]}: a member's statistics are what one worker already holds in one array
 * (at most 2³¹ − 1 values). Counts of sent and received values are kept for the run's coordination metrics.
 */
public final class AllreduceMember {
  private final int rank;
  private final Link link;
  private long sentValues;
  private long receivedValues;
  private long messages;

  public AllreduceMember(int rank, Link link) {
    this.rank = rank;
    this.link = link;
  }

  /** Replaces {@code values} by the element-wise sum over all members. */
  public void allreduce(double[] values, List<List<Transfer>> rounds) throws IOException, InterruptedException {
    allreduce(values, rounds, Reduction.SUM);
  }

  /** Replaces {@code values} by {@code reduction} over all members' vectors. */
  public void allreduce(double[] values, List<List<Transfer>> rounds, Reduction reduction)
      throws IOException, InterruptedException {
    for (int round = 0; round < rounds.size(); round++) {
      List<Transfer> transfers = rounds.get(round);
      // Sends first, from the values as they were at the start of the round (a member never sends and
      // receives the same range in one round in either schedule, but the rule keeps that from mattering).
      for (Transfer t : transfers) {
        if (t.from() != rank) continue;
        int lo = (int) t.lo();
        int n = (int) t.length();
        double[] out = lo == 0 ? values : java.util.Arrays.copyOfRange(values, lo, lo + n);
        link.send(t.to(), round, out, n);
        sentValues += n;
        messages++;
      }
      for (Transfer t : transfers) {
        if (t.to() != rank) continue;
        double[] in = link.receive(t.from(), round);
        if (in.length != t.length()) {
          throw new IOException("member " + t.from() + " sent " + in.length + " values in round " + round + ", the schedule says "
              + t.length());
        }
        int lo = (int) t.lo();
        if (t.combine() == Transfer.Combine.ADD) {
          if (!reduction.elementWise() && (t.lo() != 0 || t.hi() != values.length)) {
            throw new IllegalArgumentException("a reduction of whole vectors on a schedule that sends ranges (the ring)");
          }
          reduction.combine(values, lo, in);
        } else {
          System.arraycopy(in, 0, values, lo, in.length);
        }
        receivedValues += in.length;
      }
    }
  }

  public long sentValues() { return sentValues; }
  public long receivedValues() { return receivedValues; }
  public long messagesSent() { return messages; }
}
