package org.shardtrain.yarn.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.kmeans.DistanceMeasure;
import org.shardtrain.core.kmeans.KMeansModel;
import org.shardtrain.core.kmeans.KMeansStats;
import org.shardtrain.core.kmeans.KMeansUpdate;
import org.shardtrain.yarn.protocol.CentreStats;
import org.shardtrain.yarn.protocol.KMeansLloyd;
import org.shardtrain.yarn.protocol.KMeansLloydStats;
import org.shardtrain.yarn.protocol.ShardsLoaded;
import org.shardtrain.yarn.rpc.ModelDigest;
import org.shardtrain.yarn.rpc.PackedDoubles;
import org.shardtrain.yarn.rpc.Report;

/**
 * When the AM sends the centres with a Lloyd pass: to every worker while the members hold nothing; not after a
 * collective pass, whose total every member turned into the next model as the AM did (the command then carries
 * that model's digest); again for a model the members did not make, and after a replacement joined.
 */
class YarnKMeansPassesTest {
  /** What one member saw of each Lloyd command: whether the centres came, and the digest. */
  private record Seen(int slot, boolean centres, long digest) {}

  /** A member: loads nothing, answers a Lloyd pass as after an allreduce (slot 0 with the total, the rest empty). */
  private static void member(Coordinator c, int slot, String peer, List<Seen> seen, AtomicBoolean alive) {
    FakeWorker.start(c, FakeWorker.member(slot, peer), alive, (s, cmd) -> {
      org.apache.avro.specific.SpecificRecord result = new ShardsLoaded(0L);
      if (cmd.operation() instanceof KMeansLloyd l) {
        synchronized (seen) {
          seen.add(new Seen(s, l.getCentres() != null, l.getModelDigest()));
        }
        // The pass's total: 3 points at (2, 4) in centre 0, 1 point at (9, 9) in centre 1.
        result = s == 0
            ? new KMeansLloydStats(List.of(new CentreStats(0, 3L, 1.5, PackedDoubles.of(new double[] {6, 12})),
                new CentreStats(1, 1L, 0.5, PackedDoubles.of(new double[] {9, 9}))), List.of())
            : new KMeansLloydStats(List.of(), List.of());
      }
      return new Report(s, cmd.sequence(), null, result, 1, 0, 0);
    });
  }

  @Test
  void centresGoOutOnlyToMembersThatDoNotHoldThem() throws Exception {
    Coordinator c = new Coordinator(2);
    List<Seen> seen = new ArrayList<>();
    AtomicBoolean firstOne = new AtomicBoolean(true);
    member(c, 0, "h0:100", seen, new AtomicBoolean(true));
    member(c, 1, "h1:101", seen, firstOne);
    c.awaitRegistered(5000);
    YarnKMeansPasses passes = new YarnKMeansPasses(c, ShardPlan.restore(new Configuration(false), List.of(), 2),
        new Path("/rejects"), 2, DistanceMeasure.EUCLIDEAN, 1L);

    KMeansModel start = new KMeansModel(2, 2, DistanceMeasure.EUCLIDEAN, new double[] {0, 0, 10, 10});
    KMeansStats total = passes.lloyd(start);
    assertEquals(List.of(new Seen(0, true, ModelDigest.of(start.centres())), new Seen(1, true, ModelDigest.of(start.centres()))),
        sorted(seen));

    // The next model, made from the total as the loop makes it: the members made it too, so no centres travel.
    KMeansModel next = KMeansUpdate.update(start, total).model();
    assertEquals(List.of(2.0, 4.0, 9.0, 9.0), boxed(next.centres()));
    seen.clear();
    passes.lloyd(next);
    assertEquals(List.of(new Seen(0, false, ModelDigest.of(next.centres())), new Seen(1, false, ModelDigest.of(next.centres()))),
        sorted(seen));

    // A model the members did not make (a warm start, an evaluation of another model): sent.
    KMeansModel other = new KMeansModel(2, 2, DistanceMeasure.EUCLIDEAN, new double[] {1, 1, 5, 5});
    seen.clear();
    passes.lloyd(other);
    assertTrue(seen.stream().allMatch(Seen::centres), seen.toString());

    // After a replacement joined (a new membership epoch), the model it needs is sent again, to every member.
    KMeansModel afterOther = KMeansUpdate.update(other, passes.lloyd(other)).model();
    firstOne.set(false);
    c.replacing(1, "container exited with status 137");
    member(c, 1, "h9:109", seen, new AtomicBoolean(true));
    c.awaitRegistered(5000);
    seen.clear();
    passes.lloyd(afterOther);
    assertFalse(seen.isEmpty());
    assertTrue(seen.stream().allMatch(Seen::centres), seen.toString());
    c.stopWorkers();
  }

  private static List<Seen> sorted(List<Seen> seen) {
    synchronized (seen) {
      List<Seen> s = new ArrayList<>(seen);
      s.sort(java.util.Comparator.comparingInt(Seen::slot));
      return s;
    }
  }

  private static List<Double> boxed(double[] v) {
    List<Double> out = new ArrayList<>();
    for (double x : v) out.add(x);
    return out;
  }
}
