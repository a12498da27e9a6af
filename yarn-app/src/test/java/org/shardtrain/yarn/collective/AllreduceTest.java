package org.shardtrain.yarn.collective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The tree and ring allreduces, each member on its own thread over in-process links: every member ends with
 * the same bits; those bits are the sums in the order the schedule documents (computed here independently,
 * without the schedule); messages arriving in a different order change nothing; what a member sends stays
 * within the bound that makes the collective hub-free (≤ 3 vectors on the tree, < 2 on the ring), up to
 * W = 1,000.
 */
class AllreduceTest {
  private record Outcome(double[][] values, long[] sent, int rounds) {}

  private static double[][] inputs(int members, int length, long seed) {
    Random random = new Random(seed);
    double[][] x = new double[members][length];
    // Mixed magnitudes, so that a different order of additions would show in the last bits.
    for (double[] v : x) for (int i = 0; i < length; i++) v[i] = random.nextGaussian() * Math.pow(10, random.nextInt(8) - 4);
    return x;
  }

  private static Outcome run(Schedule schedule, double[][] inputs, int jitterMicros) throws Exception {
    int members = inputs.length;
    int length = members == 0 ? 0 : inputs[0].length;
    int rounds = schedule.roundsOf(0, members, length).size();
    QueueLinks links = new QueueLinks(jitterMicros);
    double[][] values = new double[members][];
    long[] sent = new long[members];
    ExecutorService pool = Executors.newFixedThreadPool(members);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int r = 0; r < members; r++) {
        int rank = r;
        values[r] = inputs[r].clone();
        done.add(pool.submit(() -> {
          AllreduceMember m = new AllreduceMember(rank, links.of(rank));
          m.allreduce(values[rank], schedule.roundsOf(rank, members, length));
          sent[rank] = m.sentValues();
          return null;
        }));
      }
      for (Future<?> f : done) f.get();
    } finally {
      pool.shutdownNow();
    }
    return new Outcome(values, sent, rounds);
  }

  /** Chunk c of the ring: ((x_c + x_{c+1}) + x_{c+2}) + … around the ring — written from the definition. */
  private static double[] ringOrderSum(double[][] x) {
    int w = x.length;
    int n = x[0].length;
    double[] out = new double[n];
    for (int c = 0; c < w; c++) {
      long lo = RingSchedule.chunkStart(c, w, n);
      long hi = RingSchedule.chunkStart(c + 1, w, n);
      for (int i = (int) lo; i < hi; i++) {
        double s = x[c][i];
        for (int step = 1; step < w; step++) s = s + x[(c + step) % w][i];
        out[i] = s;
      }
    }
    return out;
  }

  /** The tree: member r's subtree sum is (x_r + left subtree) + right subtree, recursively from the root. */
  private static double treeOrderSum(double[][] x, int r, int i) {
    double s = x[r][i];
    if (2 * r + 1 < x.length) s = s + treeOrderSum(x, 2 * r + 1, i);
    if (2 * r + 2 < x.length) s = s + treeOrderSum(x, 2 * r + 2, i);
    return s;
  }

  private static void assertAllEqualAndClose(double[][] x, double[][] got) {
    int n = x[0].length;
    for (int i = 0; i < n; i++) {
      double plain = 0;
      double magnitude = 0;
      for (double[] v : x) {
        plain += v[i];
        magnitude += Math.abs(v[i]);
      }
      assertEquals(plain, got[0][i], 1e-12 * magnitude, "value " + i);
    }
    for (int r = 1; r < got.length; r++) assertArrayEquals(got[0], got[r], 0, "member " + r + " holds other bits than member 0");
  }

  @Test
  void theTreeGivesEveryMemberTheSumInItsDocumentedOrderAndSendsAtMostThreeVectors() throws Exception {
    for (int members : new int[] {1, 2, 3, 7, 16, 64, 257, 1000}) {
      int length = members >= 257 ? 64 : 1000;
      double[][] x = inputs(members, length, members);
      Outcome o = run(new TreeSchedule(), x, 0);
      assertAllEqualAndClose(x, o.values());
      for (int i = 0; i < length; i++) assertEquals(treeOrderSum(x, 0, i), o.values()[0][i], 0, "W=" + members + " value " + i);
      for (int r = 0; r < members; r++) assertTrue(o.sent()[r] <= 3L * length, "W=" + members + " member " + r + " sent " + o.sent()[r]);
      int depth = TreeSchedule.depth(members - 1);
      assertEquals(2 * depth, o.rounds(), "W=" + members);
    }
  }

  @Test
  void theRingGivesEveryMemberTheSumInItsDocumentedOrderAndSendsUnderTwoVectors() throws Exception {
    for (int members : new int[] {1, 2, 3, 7, 16, 64, 257, 1000}) {
      // Lengths that do not divide evenly, and one shorter than W (empty chunks).
      for (int length : members >= 257 ? new int[] {members / 2, 3 * members + 5} : new int[] {members / 2, 1001, 10_007}) {
        double[][] x = inputs(members, length, 31L * members + length);
        Outcome o = run(new RingSchedule(), x, 0);
        assertAllEqualAndClose(x, o.values());
        assertArrayEquals(ringOrderSum(x), o.values()[0], 0, "W=" + members + " n=" + length);
        long bound = 2L * length * (members - 1) / members + 2L * members; // + rounding of uneven chunks
        for (int r = 0; r < members; r++) {
          assertTrue(o.sent()[r] <= bound, "W=" + members + " n=" + length + " member " + r + " sent " + o.sent()[r]);
        }
        assertEquals(members == 1 ? 0 : 2 * (members - 1), o.rounds());
      }
    }
  }

  @Test
  void messagesArrivingInAnotherOrderGiveTheSameBits() throws Exception {
    double[][] x = inputs(24, 5000, 7);
    for (Schedule s : new Schedule[] {new TreeSchedule(), new RingSchedule()}) {
      double[] first = run(s, x, 0).values()[0];
      for (int attempt = 0; attempt < 3; attempt++) {
        Outcome o = run(s, x, 300);
        for (double[] v : o.values()) assertArrayEquals(first, v, 0, s.name() + ": arrival order changed the sum");
      }
    }
  }

  @Test
  void theScheduleFollowsTheVectorsSize() {
    assertEquals("tree", Schedules.forBytes(8 * 1000, Schedules.RING_FROM_BYTES).name());
    assertEquals("ring", Schedules.forBytes(8L * 1_000_000, Schedules.RING_FROM_BYTES).name());
    // Chunk bounds cover [0, n) in order without overflow, even for n near 2⁶³.
    long n = Long.MAX_VALUE - 5;
    long previous = 0;
    for (int c = 1; c <= 1000; c++) {
      long start = RingSchedule.chunkStart(c, 1000, n);
      assertTrue(start >= previous, "chunk " + c);
      previous = start;
    }
    assertEquals(n, previous);
  }
}
