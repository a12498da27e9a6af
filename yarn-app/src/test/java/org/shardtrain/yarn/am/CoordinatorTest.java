package org.shardtrain.yarn.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.shardtrain.host.JobFailedException;
import org.shardtrain.yarn.protocol.AlsLoaded;
import org.shardtrain.yarn.protocol.KMeansLoad;
import org.shardtrain.yarn.protocol.KMeansScan;
import org.shardtrain.yarn.protocol.SgdScan;
import org.shardtrain.yarn.protocol.ShardsLoaded;
import org.shardtrain.yarn.protocol.SplitPlan;
import org.shardtrain.yarn.rpc.Report;

/** The command/report cycle of the AM's coordinator, driven by worker threads that call it as RPC would. */
class CoordinatorTest {
  /** A pass whose argument the fake workers echo. */
  private static KMeansScan pass(int argument) { return new KMeansScan(argument); }

  /** A setup command (replayed to replacements). */
  private static final KMeansLoad LOAD = new KMeansLoad(2, "rejects", new SplitPlan(List.of()));

  /** The command the fake workers fail. */
  private static final SgdScan BAD = new SgdScan();

  /**
   * A worker that answers each pass with its slot number and the pass's argument (records and bad records of
   * an {@link AlsLoaded}), a load with a {@link ShardsLoaded}, and fails {@link #BAD}.
   */
  private static Thread worker(Coordinator c, int slot) {
    return worker(c, slot, new java.util.ArrayList<>(), new java.util.concurrent.atomic.AtomicBoolean(true));
  }

  /** A worker that logs the operations it runs, and stops answering (dies) when {@code alive} turns false. */
  private static Thread worker(Coordinator c, int slot, List<String> ran, java.util.concurrent.atomic.AtomicBoolean alive) {
    return FakeWorker.start(c, new org.shardtrain.yarn.rpc.Registration(slot, "container_" + slot + "_" + ran.hashCode(),
        "node" + slot, "cpu", "cpu: test", null, 1.0), alive, (s, cmd) -> {
          synchronized (ran) {
            ran.add(cmd.name());
          }
          String error = cmd.operation() instanceof SgdScan ? "worker " + s + ": no such file" : null;
          SpecificRecord result = cmd.operation() instanceof KMeansScan p
              ? new AlsLoaded((long) s, (long) p.getSampleSize(), 0L, 0.0, 0L) : new ShardsLoaded(0L);
          return new Report(s, cmd.sequence(), error, error == null ? result : null, 10 * (s + 1), 0.5, 0.25);
        });
  }

  @Test
  void everyWorkerAnswersEachCommandAndResultsComeInSlotOrder() throws Exception {
    Coordinator c = new Coordinator(3);
    for (int s = 2; s >= 0; s--) worker(c, s);
    c.awaitRegistered(5000);
    for (int round = 1; round <= 3; round++) {
      List<AlsLoaded> results = c.call(pass(round), AlsLoaded.class);
      assertEquals(3, results.size());
      for (int s = 0; s < 3; s++) {
        assertEquals(s, results.get(s).getRecords());
        assertEquals(round, results.get(s).getBadRecords());
      }
    }
    assertEquals(20L, c.slot(1).describe().get("records"));
    assertEquals("node2", c.slot(2).node());
    c.stopWorkers();
  }

  /**
   * A report wakes the AM's thread only: a pass wakes each parked poll once (for the new command), not once
   * per report. With one monitor and notifyAll, each report woke every poll parked at that moment — up to
   * W²/2 per pass when workers finish one by one (measured with notifyAll restored: 1,810 wake-ups for these
   * 5 passes of 200 instantly answering workers, against the bound of 1,000 + 200 asserted here).
   */
  @Test
  void aPassWakesEachParkedPollOnceNotOncePerReport() throws Exception {
    int w = 200;
    int passes = 5;
    Coordinator c = new Coordinator(w);
    for (int s = 0; s < w; s++) worker(c, s);
    c.awaitRegistered(20_000);
    long before = c.pollWakeups();
    for (int round = 1; round <= passes; round++) assertEquals(w, c.call(pass(round), AlsLoaded.class).size());
    long wakeups = c.pollWakeups() - before;
    System.out.println("coordinator: " + wakeups + " poll wake-ups for " + passes + " passes of " + w + " workers");
    assertTrue(wakeups <= (long) passes * w + w, wakeups + " wake-ups for " + passes + " passes of " + w + " workers");
    c.stopWorkers();
  }

  @Test
  void aWorkersErrorFailsThePassWithItsReason() throws Exception {
    Coordinator c = new Coordinator(2);
    worker(c, 0);
    worker(c, 1);
    c.awaitRegistered(5000);
    JobFailedException e = assertThrows(JobFailedException.class, () -> c.call(BAD, ShardsLoaded.class));
    assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    c.stopWorkers();
  }

  @Test
  void aLostWorkerFailsThePassInsteadOfWaitingForever() throws Exception {
    Coordinator c = new Coordinator(2);
    worker(c, 0); // slot 1 never comes
    FakeWorker.later(300, () -> {
      c.workerLost(1, "container exited with status 137");
    });
    JobFailedException e = assertThrows(JobFailedException.class, () -> c.call(pass(0), AlsLoaded.class));
    assertTrue(e.getMessage().contains("worker 1 was lost: container exited with status 137"), e.getMessage());
  }

  @Test
  void aPassThatOutlivesItsTimeOutNamesTheSilentWorkers() throws Exception {
    Coordinator c = new Coordinator(2).passTimeout(500);
    worker(c, 0);
    long started = System.nanoTime();
    JobFailedException e = assertThrows(JobFailedException.class, () -> c.call(pass(0), AlsLoaded.class));
    assertTrue(e.getMessage().contains("worker(s) 1 did not answer KMeansScan"), e.getMessage());
    assertTrue((System.nanoTime() - started) / 1e9 < 5);
  }

  @Test
  void aReplacementReplaysTheSetupThenJoinsThePassInProgress() throws Exception {
    Coordinator c = new Coordinator(2);
    worker(c, 0);
    java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
    worker(c, 1, new java.util.ArrayList<>(), first);
    c.awaitRegistered(5000);
    c.setup(LOAD, ShardsLoaded.class);
    c.call(pass(0), AlsLoaded.class);
    first.set(false); // worker 1 dies before the next pass
    List<String> ran = new java.util.ArrayList<>();
    FakeWorker.later(300, () -> {
      c.replacing(1, "container exited with status 137");
      worker(c, 1, ran, new java.util.concurrent.atomic.AtomicBoolean(true));
    });
    List<AlsLoaded> results = c.call(pass(3), AlsLoaded.class);
    assertEquals(1, results.get(1).getRecords());
    assertEquals(3, results.get(1).getBadRecords());
    synchronized (ran) {
      assertEquals(List.of("KMeansLoad", "KMeansScan"), ran); // the shards first, then the pass it joined
    }
    assertEquals(1, c.recoveries().size());
    assertEquals("container exited with status 137", c.recoveries().get(0).get("cause"));
    assertEquals(1, c.slot(1).describe().get("restarts"));
    c.stopWorkers();
  }

  /**
   * A worker that answers k-means Lloyd passes as one member of an allreduce would: the pass fails as a
   * collective (a peer is missing) when {@code peerMissing} holds for the command's epoch, else succeeds.
   * It logs (epoch, peers) of every pass it ran.
   */
  private static Thread member(Coordinator c, int slot, String peer, List<String> ran,
                               java.util.function.LongPredicate peerMissing, java.util.concurrent.atomic.AtomicBoolean alive) {
    return FakeWorker.start(c, FakeWorker.member(slot, peer), alive, (s, cmd) -> {
      org.shardtrain.yarn.protocol.Members m = ((org.shardtrain.yarn.protocol.KMeansLloyd) cmd.operation()).getMembers();
      synchronized (ran) {
        ran.add(s + "@" + m.getEpoch() + " " + m.getPeers());
      }
      boolean failed = peerMissing.test(m.getEpoch());
      return new Report(s, cmd.sequence(), failed ? "worker " + s + ": allreduce failed: no message from member 1" : null,
          failed ? null : new org.shardtrain.yarn.protocol.KMeansLloydStats(List.of(), List.of()), 1, 0, 0)
          .collectiveFailed(failed);
    });
  }

  private static SpecificRecord lloyd(Coordinator.Membership m) {
    return new org.shardtrain.yarn.protocol.KMeansLloyd(java.nio.ByteBuffer.allocate(0),
        new org.shardtrain.yarn.protocol.Members(m.epoch(), 1L, List.copyOf(m.peers())), 0L);
  }

  @Test
  void aCollectivePassIsPostedAgainForTheReplacementsMembership() throws Exception {
    Coordinator c = new Coordinator(2);
    List<String> ran = new java.util.ArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean oldOneAlive = new java.util.concurrent.atomic.AtomicBoolean(true);
    member(c, 0, "h0:100", ran, e -> e == 2, new java.util.concurrent.atomic.AtomicBoolean(true));
    member(c, 1, "h1:101", ran, e -> false, oldOneAlive);
    c.awaitRegistered(5000);
    assertEquals(new Coordinator.Membership(2, List.of("h0:100", "h1:101")), c.membership());
    oldOneAlive.set(false); // worker 1 dies: worker 0's allreduce of epoch 2 fails for want of it
    FakeWorker.later(300, () -> {
      c.replacing(1, "container exited with status 137");
      member(c, 1, "h9:109", ran, e -> false, new java.util.concurrent.atomic.AtomicBoolean(true));
    });
    List<org.shardtrain.yarn.protocol.KMeansLloydStats> results =
        c.callCollective(CoordinatorTest::lloyd, org.shardtrain.yarn.protocol.KMeansLloydStats.class);
    assertEquals(2, results.size());
    synchronized (ran) {
      // Worker 0 ran epoch 2 (and failed as a collective), then both ran epoch 3 with the replacement's endpoint.
      assertEquals("0@2 [h0:100, h1:101]", ran.get(0), ran.toString());
      assertTrue(ran.contains("0@3 [h0:100, h9:109]") && ran.contains("1@3 [h0:100, h9:109]"), ran.toString());
    }
    assertEquals(1, c.traffic().collectiveReposts());
    assertEquals(1, c.recoveries().size());
    c.stopWorkers();
  }

  /** A worker lost between two passes has no endpoint until its replacement registers: the next collective waits. */
  @Test
  void aCollectivePostedBeforeALostWorkersReplacementRegistersWaitsForIt() throws Exception {
    Coordinator c = new Coordinator(2);
    List<String> ran = new java.util.ArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean oldOneAlive = new java.util.concurrent.atomic.AtomicBoolean(true);
    member(c, 0, "h0:100", ran, e -> false, new java.util.concurrent.atomic.AtomicBoolean(true));
    member(c, 1, "h1:101", ran, e -> false, oldOneAlive);
    c.awaitRegistered(5000);
    oldOneAlive.set(false);
    c.replacing(1, "container exited with status 137"); // between passes: no membership until the replacement
    FakeWorker.later(300, () -> member(c, 1, "h9:109", ran, e -> false, new java.util.concurrent.atomic.AtomicBoolean(true)));
    List<org.shardtrain.yarn.protocol.KMeansLloydStats> results =
        c.callCollective(CoordinatorTest::lloyd, org.shardtrain.yarn.protocol.KMeansLloydStats.class);
    assertEquals(2, results.size());
    synchronized (ran) {
      assertEquals(List.of("0@3 [h0:100, h9:109]", "1@3 [h0:100, h9:109]"), ran.stream().sorted().toList());
    }
    c.stopWorkers();
  }

  /**
   * Once the replacement has registered and the pass was posted again, a collective that fails again has no one
   * left to wait for: the run fails with its line at once, not at the pass time-out.
   */
  @Test
  void aCollectiveThatFailsAgainAfterTheReplacementRegisteredFailsAtOnce() throws Exception {
    Coordinator c = new Coordinator(2).passTimeout(60_000);
    List<String> ran = new java.util.ArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean oldOneAlive = new java.util.concurrent.atomic.AtomicBoolean(true);
    member(c, 0, "h0:100", ran, e -> true, new java.util.concurrent.atomic.AtomicBoolean(true)); // fails every time
    member(c, 1, "h1:101", ran, e -> false, oldOneAlive);
    c.awaitRegistered(5000);
    oldOneAlive.set(false);
    FakeWorker.later(300, () -> {
      c.replacing(1, "container exited with status 137");
      // The replacement's part of the reposted allreduce fails too: no good report ever comes from it.
      member(c, 1, "h9:109", ran, e -> true, new java.util.concurrent.atomic.AtomicBoolean(true));
    });
    long started = System.nanoTime();
    JobFailedException e = assertThrows(JobFailedException.class,
        () -> c.callCollective(CoordinatorTest::lloyd, org.shardtrain.yarn.protocol.KMeansLloydStats.class));
    double seconds = (System.nanoTime() - started) / 1e9;
    assertTrue(e.getMessage().contains("allreduce failed: no message from member 1"), e.getMessage());
    assertTrue(seconds < 10, "failed after " + seconds + " s, not at once");
    assertEquals(1, c.traffic().collectiveReposts());
    c.stopWorkers();
  }

  @Test
  void aCollectiveThatFailsWithNoReplacementComingFailsThePassWithItsLine() throws Exception {
    Coordinator c = new Coordinator(2);
    List<String> ran = new java.util.ArrayList<>();
    member(c, 0, "h0:100", ran, e -> true, new java.util.concurrent.atomic.AtomicBoolean(true));
    member(c, 1, "h1:101", ran, e -> true, new java.util.concurrent.atomic.AtomicBoolean(true));
    c.awaitRegistered(5000);
    JobFailedException e = assertThrows(JobFailedException.class,
        () -> c.callCollective(CoordinatorTest::lloyd, org.shardtrain.yarn.protocol.KMeansLloydStats.class));
    assertTrue(e.getMessage().contains("allreduce failed: no message from member 1"), e.getMessage());
    assertEquals(0, c.traffic().collectiveReposts());
    c.stopWorkers();
  }

  @Test
  void workersThatStartTooSlowlyAreReported() {
    Coordinator c = new Coordinator(2);
    JobFailedException e = assertThrows(JobFailedException.class, () -> c.awaitRegistered(300));
    assertTrue(e.getMessage().startsWith("2 of 2 workers did not start"), e.getMessage());
  }

  @Test
  void whileWorkersStartItSaysWhatItWaitsFor() throws Exception {
    Coordinator c = new Coordinator(3);
    c.slot(0).allocated("node0:1", List.of(), 0);
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    assertThrows(JobFailedException.class, () -> c.awaitRegistered(400, 100, lines::add));
    assertTrue(lines.size() >= 2, "a line every 100 ms for 400 ms: " + lines);
    assertEquals("waiting for 3 of 3 workers: 2 containers not yet allocated by YARN, 1 starting", lines.get(0));
  }
}
