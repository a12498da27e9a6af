package org.shardtrain.mapreduce.als;

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
 * What one ALS half-step moves on MovieLens-100k (rank 10), joined versus broadcast: the join writes one copy
 * of an item factor per rating and shuffles it twice; the broadcast half-step ships the item factors to each
 * task and shuffles nothing. Both give the same user factors (to summation order). The figures are printed for
 * docs/design.md.
 */
class AlsHalfStepCostTest {
  @TempDir Path tmp;

  private record Run(MapReduceAlsPasses.HalfStepCost cost, Map<String, double[]> users, HalfStep step) {}

  private Run halfStep(Path ratings, int broadcastMb) throws Exception {
    Configuration conf = LocalRun.conf(tmp);
    conf.set("shardtrain.format", "tsv");
    conf.setInt("shardtrain.als.rank", 10);
    conf.setInt("shardtrain.als.mr.broadcast-mb", broadcastMb);
    Path work = tmp.resolve("work-" + broadcastMb);
    MapReduceAlsPasses passes = new MapReduceAlsPasses(conf, hadoop(work.resolve("_work")), hadoop(work.resolve("factors")),
        hadoop(work.resolve("rejects")));
    passes.prepare(ratings.toString(), null);
    HalfStep users = passes.solve(Side.USERS, FactorSource.seeded(), 1);
    MapReduceAlsPasses.HalfStepCost cost = passes.lastHalfStepCost();
    return new Run(cost, factors(conf, new org.apache.hadoop.fs.Path(users.factors(), "part-*")), users);
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
  void aBroadcastHalfStepShufflesNothingAndWritesOnlyTheFactors() throws Exception {
    Path ratings = Datasets.shared("movielens-100k/ratings.tsv");
    Run joined = halfStep(ratings, 0);
    Run broadcast = halfStep(ratings, 256);
    System.out.printf("MovieLens-100k, rank 10, users half-step: joined %s; broadcast %s%n", joined.cost(), broadcast.cost());

    assertEquals(2, joined.cost().jobs(), "join, then solve");
    assertEquals(1, broadcast.cost().jobs(), "one map-only job");
    assertEquals(0, broadcast.cost().shuffleBytes());
    // The join shuffles every rating with its item factor (10 doubles) at least once: > 100,000 × 80 bytes.
    assertTrue(joined.cost().shuffleBytes() > 100_000L * 80, joined.cost().toString());
    // It also writes those pairs; the broadcast half-step writes the 943 user factors and its statistics.
    assertTrue(broadcast.cost().outputBytes() * 20 < joined.cost().outputBytes(), broadcast.cost() + " vs " + joined.cost());

    assertEquals(943, broadcast.users().size());
    assertEquals(joined.users().keySet(), broadcast.users().keySet());
    for (String u : joined.users().keySet()) {
      double[] a = joined.users().get(u);
      double[] b = broadcast.users().get(u);
      for (int j = 0; j < a.length; j++) assertEquals(a[j], b[j], 1e-9 * Math.max(1, Math.abs(a[j])), "user " + u);
    }
    assertEquals(joined.step().trainSse(), broadcast.step().trainSse(), 1e-9 * joined.step().trainSse());
  }
}
