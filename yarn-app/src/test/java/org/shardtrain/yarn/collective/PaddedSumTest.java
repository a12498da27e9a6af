package org.shardtrain.yarn.collective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.sgd.FeatureStats;

/**
 * The SGD workers' reduction ({@link PaddedSum}, what {@code SgdWorker} runs through its endpoint) over
 * in-process links, members on their own threads with jittered arrival: vectors of different lengths — real
 * {@link FeatureStats} of shards whose largest feature index differs, some empty — come out, at every member,
 * as the serial slot-order sum padded to the longest, on the tree and on the ring.
 */
class PaddedSumTest {
  /** Runs PaddedSum for every member; each member's result. */
  private static double[][] run(double[][] inputs, long ringFromBytes) throws Exception {
    int members = inputs.length;
    QueueLinks links = new QueueLinks(50);
    double[][] out = new double[members][];
    ExecutorService pool = Executors.newFixedThreadPool(members);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int r = 0; r < members; r++) {
        int rank = r;
        double[] mine = inputs[r] == null ? null : inputs[r].clone();
        done.add(pool.submit(() -> {
          out[rank] = PaddedSum.allreduce(rank, members, links.of(rank), mine, ringFromBytes);
          return null;
        }));
      }
      for (Future<?> f : done) f.get();
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  /** The AM's former merge, written out: slot order, each vector read as padded with zeros. */
  private static double[] serial(double[][] inputs) {
    int n = 0;
    for (double[] v : inputs) if (v != null) n = Math.max(n, v.length);
    double[] total = new double[n];
    for (double[] v : inputs) if (v != null) for (int i = 0; i < v.length; i++) total[i] += v[i];
    return total;
  }

  /** Feature statistics of a shard of {@code examples} examples over features [0, maxIndex]. */
  private static double[] featureStats(Random random, int examples, int maxIndex, boolean integral) {
    FeatureStats s = new FeatureStats();
    for (int e = 0; e < examples; e++) {
      int nnz = 1 + random.nextInt(Math.min(8, maxIndex + 1));
      java.util.TreeSet<Integer> picked = new java.util.TreeSet<>();
      picked.add(Math.max(0, maxIndex - random.nextInt(3))); // the shard's largest index, about maxIndex
      while (picked.size() < nnz) picked.add(random.nextInt(maxIndex + 1));
      int[] idx = picked.stream().mapToInt(Integer::intValue).toArray();
      double[] val = new double[idx.length];
      for (int i = 0; i < val.length; i++) {
        val[i] = integral ? random.nextInt(9) - 4 : random.nextGaussian() * Math.pow(10, random.nextInt(6) - 3);
      }
      s.add(random.nextInt(2), idx, val, 0, idx.length);
    }
    return s.flat().clone();
  }

  private static double[][] shards(long seed, int members, boolean integral) {
    Random random = new Random(seed);
    double[][] inputs = new double[members][];
    for (int r = 0; r < members; r++) {
      if (r % 4 == 3) {
        inputs[r] = r % 8 == 3 ? null : new FeatureStats().flat().clone(); // an empty shard: header only, or nothing
      } else {
        inputs[r] = featureStats(random, 20 + random.nextInt(30), 5 + random.nextInt(400), integral);
      }
    }
    return inputs;
  }

  @Test
  void integralSumsOfDifferentLengthsAreExactlyTheSerialSumAtEveryMember() throws Exception {
    for (int members : new int[] {1, 2, 3, 5, 8, 13}) {
      for (long ring : new long[] {Schedules.RING_FROM_BYTES, 64}) { // the tree, then the ring for all but tiny ones
        double[][] inputs = shards(members * 31L + ring, members, true);
        double[] expected = serial(inputs);
        double[][] got = run(inputs, ring);
        for (int r = 0; r < members; r++) {
          assertEquals(expected.length, got[r].length, "member " + r + " of " + members + ": padded to the longest");
          assertArrayEquals(expected, got[r], 0, "member " + r + " of " + members + " (ring from " + ring + " B)");
        }
      }
    }
  }

  @Test
  void realSumsAreCloseToTheSerialSumAndTheSameBitsAtEveryMember() throws Exception {
    for (int members : new int[] {2, 4, 7, 16}) {
      for (long ring : new long[] {Schedules.RING_FROM_BYTES, 64}) {
        double[][] inputs = shards(members * 17L + ring, members, false);
        double[] expected = serial(inputs);
        double[][] got = run(inputs, ring);
        for (int r = 0; r < members; r++) {
          assertArrayEquals(got[0], got[r], 0, "member " + r + " has other bits than member 0");
        }
        assertEquals(expected.length, got[0].length);
        for (int i = 0; i < expected.length; i++) {
          assertEquals(expected[i], got[0][i], 1e-12 * Math.max(1, Math.abs(expected[i])), "value " + i + " of " + members);
        }
        // A second run with other arrival times gives the same bits: the order is the schedule's.
        assertArrayEquals(got[0], run(inputs, ring)[0], 0);
      }
    }
  }

  @Test
  void allEmptyGivesEmpty() throws Exception {
    double[][] got = run(new double[][] {null, new double[0], null}, Schedules.RING_FROM_BYTES);
    for (double[] v : got) assertEquals(0, v.length);
  }
}
