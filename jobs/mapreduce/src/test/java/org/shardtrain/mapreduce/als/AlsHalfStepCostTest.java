package org.shardtrain.mapreduce.als;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.als.AlsPasses.HalfStep;
import org.shardtrain.core.als.AlsPasses.Side;
import org.shardtrain.core.als.FactorSource;
import org.shardtrain.core.testing.Datasets;
import org.shardtrain.mapreduce.testing.LocalRun;
import org.shardtrain.formats.AlsValue;

/**
 * What one ALS half-step moves on MovieLens-100k (rank 10, 4 blocks), blocked versus broadcast, in the users
 * half-step of iteration 2 (from solved item factors: the steady state). The blocked half-step ships each item
 * factor once to each user block that rates the item — at most 1,682 × 4 factors, where the join it replaced
 * shuffled one per rating (100,000, twice: 11,566,943 bytes, docs/design.md) — and the broadcast half-step ships
 * the item factors to each task and shuffles nothing. Both give the same user factors (to summation order of the
 * implicit Gram; here explicit: the same bits). The figures are printed for docs/design.md.
 */
class AlsHalfStepCostTest {
  @TempDir Path tmp;

  private static final int RANK = 10;
  private static final int BLOCKS = 4;

  private record Run(MapReduceAlsPasses.HalfStepCost cost, Map<String, double[]> users, HalfStep step,
                     MapReduceAlsPasses.HalfStepCost firstCost) {}

  private Run secondUsersHalfStep(Path ratings, int broadcastMb) throws Exception {
    Configuration conf = LocalRun.conf(tmp);
    conf.set("shardtrain.format", "tsv");
    conf.setInt("shardtrain.als.rank", RANK);
    conf.setInt("shardtrain.als.mr.broadcast-mb", broadcastMb);
    conf.setInt("shardtrain.mr.reducers", BLOCKS);
    Path work = tmp.resolve("work-" + broadcastMb);
    MapReduceAlsPasses passes = new MapReduceAlsPasses(conf, hadoop(work.resolve("_work")), hadoop(work.resolve("factors")),
        hadoop(work.resolve("rejects")));
    passes.prepare(ratings.toString(), null);
    HalfStep users1 = passes.solve(Side.USERS, FactorSource.seeded(), 1);
    MapReduceAlsPasses.HalfStepCost first = passes.lastHalfStepCost();
    HalfStep items1 = passes.solve(Side.ITEMS, FactorSource.solved(users1.factors()), 1);
    HalfStep users2 = passes.solve(Side.USERS, FactorSource.solved(items1.factors()), 2);
    MapReduceAlsPasses.HalfStepCost cost = passes.lastHalfStepCost();
    return new Run(cost, factors(conf, new org.apache.hadoop.fs.Path(users2.factors(), "part-*")), users2, first);
  }
  private static Map<String, double[]> factors(Configuration conf, org.apache.hadoop.fs.Path glob) throws Exception {
    Map<String, double[]> out = new java.util.HashMap<>();
    org.apache.hadoop.fs.FileSystem fs = glob.getFileSystem(conf);
    for (org.apache.hadoop.fs.FileStatus f : fs.globStatus(glob)) {
      try (org.apache.hadoop.io.SequenceFile.Reader r = new org.apache.hadoop.io.SequenceFile.Reader(conf,
          org.apache.hadoop.io.SequenceFile.Reader.file(f.getPath()))) {
        org.apache.hadoop.io.Text id = new org.apache.hadoop.io.Text();
        AlsValue v = new AlsValue();
        while (r.next(id, v)) out.put(id.toString(), v.vectorCopy());
      }
    }
    return out;
  }

  private static org.apache.hadoop.fs.Path hadoop(Path p) { return new org.apache.hadoop.fs.Path(p.toUri()); }

  @Test
  void aBlockedHalfStepShipsEachFactorOncePerBlockAndABroadcastOneShufflesNothing() throws Exception {
    Path ratings = Datasets.shared("movielens-100k/ratings.tsv");
    Run blocked = secondUsersHalfStep(ratings, 0);
    Run broadcast = secondUsersHalfStep(ratings, 256);
    System.out.printf("MovieLens-100k, rank %d, %d blocks, users half-step of iteration 2: blocked %s; broadcast %s;"
        + " first (seeded) blocked half-step %s%n", RANK, BLOCKS, blocked.cost(), broadcast.cost(), blocked.firstCost());

    assertEquals(1, blocked.cost().jobs(), "one job per half-step");
    assertEquals(1, broadcast.cost().jobs(), "one map-only job");
    assertEquals(2, blocked.firstCost().jobs(), "the seeded factors are routed once, then shipped");
    assertEquals(0, broadcast.cost().shuffleBytes());
    // Each of the 1,682 item factors goes to at most 4 blocks: ≤ 6,728 × (10 doubles + ID + framing) bytes, and
    // to at least one block (every item is rated).
    long perFactor = 8L * RANK + 32;
    assertTrue(blocked.cost().shuffleBytes() <= 1682L * BLOCKS * perFactor, blocked.cost().toString());
    assertTrue(blocked.cost().shuffleBytes() >= 1682L * 8 * RANK, blocked.cost().toString());
    // Far below one factor per rating, what the join shuffled (and shuffled again): > 100,000 × 80 bytes.
    assertTrue(blocked.cost().shuffleBytes() * 10 < 100_000L * 80, blocked.cost().toString());

    assertEquals(943, broadcast.users().size());
    assertEquals(blocked.users().keySet(), broadcast.users().keySet());
    for (String u : blocked.users().keySet()) {
      assertArrayEquals(broadcast.users().get(u), blocked.users().get(u), 0, "user " + u + ": same rows, same sums");
    }
    assertEquals(broadcast.step().trainSse(), blocked.step().trainSse(), 1e-9 * broadcast.step().trainSse());
  }
}
