package org.shardtrain.yarn.am;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.sgd.FeatureScaling;
import org.shardtrain.core.sgd.GradientStats;
import org.shardtrain.core.sgd.Loss;
import org.shardtrain.core.sgd.SgdState;
import org.shardtrain.yarn.protocol.Members;
import org.shardtrain.yarn.protocol.SgdGradient;
import org.shardtrain.yarn.protocol.SgdLoad;
import org.shardtrain.yarn.protocol.SgdSums;
import org.shardtrain.yarn.protocol.ShardsLoaded;
import org.shardtrain.yarn.rpc.PackedDoubles;
import org.shardtrain.yarn.rpc.Report;

/**
 * {@link YarnSgdPasses} against the real coordinator, with fake workers that answer a collective gradient as
 * allreduce members would: the gradient carries the member table; a worker lost in it makes the pass be
 * posted again — the same point, step and fraction, for the replacement's epoch, under a new collective
 * number — and the AM takes slot 0's total as the pass's result.
 */
class YarnSgdPassesTest {
  @TempDir Path dir;

  /** slot 0's total in a collective (the others answer with nothing). */
  private static final double[] TOTAL = {4, 1.5, 2.5, 0.25, -0.75, 3};

  private static Thread member(Coordinator c, int slot, String peer, List<String> ran, java.util.function.LongPredicate peerMissing,
                               AtomicBoolean alive) {
    return FakeWorker.start(c, FakeWorker.member(slot, peer), alive, (s, cmd) -> {
      SpecificRecord op = cmd.operation();
      SpecificRecord result;
      boolean failed = false;
      if (op instanceof SgdLoad) {
        result = new ShardsLoaded(0L);
      } else if (op instanceof SgdGradient g) {
        Members m = g.getMembers();
        synchronized (ran) {
          ran.add(s + "@" + m.getEpoch() + "#" + m.getCollective() + " step " + g.getStep() + " fraction "
              + g.getFraction() + " point " + (g.getPoint() == null ? "none" : PackedDoubles.toArray(g.getPoint()).length)
              + " " + m.getPeers());
        }
        failed = peerMissing.test(m.getEpoch());
        result = failed ? null : new SgdSums(s == 0 ? PackedDoubles.of(TOTAL) : null);
      } else {
        result = new SgdSums(null); // the frame
      }
      return new Report(s, cmd.sequence(), failed ? "worker " + s + ": allreduce failed: no message from member 1" : null,
          result, 1, 0, 0).collectiveFailed(failed);
    });
  }

  @Test
  void aGradientLostWithAWorkerIsPostedAgainForTheReplacementAndSlot0sTotalIsTheResult() throws Exception {
    Files.writeString(dir.resolve("a.libsvm"), "1 1:1\n");
    Files.writeString(dir.resolve("b.libsvm"), "0 2:1\n");
    Configuration conf = new Configuration();
    Coordinator c = new Coordinator(2);
    List<String> ran = new ArrayList<>();
    AtomicBoolean oldOneAlive = new AtomicBoolean(true);
    member(c, 0, "h0:100", ran, e -> e == 2 && !oldOneAlive.get(), new AtomicBoolean(true));
    member(c, 1, "h1:101", ran, e -> false, oldOneAlive);
    c.awaitRegistered(5000);
    YarnSgdPasses passes = new YarnSgdPasses(c, ShardPlan.of(conf, dir.toString(), 2), null,
        new org.apache.hadoop.fs.Path(dir.resolve("rejects").toString()));
    SgdState state = new SgdState(new double[] {0.5, -1, 2}, 0.25, 7, null,
        new FeatureScaling(new double[3], new double[] {1, 1, 1}, 0, 1));
    passes.gradient(state, Loss.LOGISTIC, 6, 1.0); // the frame, then collective 1 with both workers
    oldOneAlive.set(false); // worker 1 dies: worker 0's allreduce of epoch 2 fails for want of it
    FakeWorker.later(300, () -> {
      c.replacing(1, "container exited with status 137");
      member(c, 1, "h9:109", ran, e -> false, new AtomicBoolean(true));
    });
    GradientStats g = passes.gradient(state, Loss.LOGISTIC, 7, 0.5);
    assertArrayEquals(TOTAL, g.flat(), 0); // slot 0's total, the replacement's empty part skipped
    synchronized (ran) {
      // The member table goes with the first collective of an epoch (MemberTable): collective 2, in the same
      // epoch as 1, names the epoch only; the repost, in the replacement's epoch 3, carries the new table.
      assertTrue(ran.contains("0@2#1 step 6 fraction 1.0 point 4 [h0:100, h1:101]"), ran.toString());
      assertTrue(ran.contains("0@2#2 step 7 fraction 0.5 point 4 []"), ran.toString());
      assertTrue(ran.contains("0@3#3 step 7 fraction 0.5 point 4 [h0:100, h9:109]"), ran.toString());
      // The point goes to slot 0 only, which broadcasts it to the others.
      assertTrue(ran.contains("1@3#3 step 7 fraction 0.5 point none [h0:100, h9:109]"), ran.toString());
      assertEquals(5, ran.size(), ran.toString()); // collective 1 twice, 2 once (worker 1 gone), 3 twice
    }
    assertEquals(1, c.traffic().collectiveReposts());
    c.stopWorkers();
  }
}
