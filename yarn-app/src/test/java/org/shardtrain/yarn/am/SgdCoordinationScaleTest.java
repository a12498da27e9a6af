package org.shardtrain.yarn.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.sgd.FeatureScaling;
import org.shardtrain.core.sgd.GradientStats;
import org.shardtrain.core.sgd.InMemorySgdPasses;
import org.shardtrain.core.sgd.Loss;
import org.shardtrain.core.sgd.SgdParams;
import org.shardtrain.core.sgd.SgdState;
import org.shardtrain.core.sgd.SparseExamples;
import org.shardtrain.formats.SgdCodec;
import org.shardtrain.yarn.collective.Schedules;
import org.shardtrain.yarn.protocol.Members;
import org.shardtrain.yarn.protocol.SgdFrame;
import org.shardtrain.yarn.protocol.SgdGradient;
import org.shardtrain.yarn.protocol.SgdSums;
import org.shardtrain.yarn.protocol.WorkerResult;
import org.shardtrain.yarn.rpc.AvroBytes;
import org.shardtrain.yarn.rpc.Command;
import org.shardtrain.yarn.rpc.PackedDoubles;
import org.shardtrain.yarn.worker.SimulatedWorkers;

/**
 * Issue 20, point 5, the SGD case: full-batch gradient passes at d = 10⁵ with W workers in one JVM (W = 8, 16, 64
 * and 128 here, what the 1 GB test heap holds; W = 256 and 1,000 by {@code scripts/bench-coordination.sh}, which
 * sets {@value #WORKERS} and a larger heap).
 * The AM side is the real {@link Coordinator} driven by the real {@link YarnSgdPasses#gradient} (the frame once,
 * then the point and the collective command each pass, the merge); each worker is a thread running the worker's
 * poll loop, {@code SgdWorker}'s gradient pass and {@code Collectives.paddedSum} (the length agreed on the tree,
 * the 800 KB vector summed on the ring, {@link Schedules#RING_FROM_BYTES}), as {@link CoordinationScaleTest}'s
 * k-means workers, through {@link SimulatedWorkers}. Asserted per W: what the AM takes in per pass is one gradient
 * plus a constant per worker; what it sends per pass is the point once (to slot 0, which broadcasts it among the
 * workers) plus a constant per worker; each worker sends and receives at most 3 gradients' values (the broadcast's
 * point in, the ring's 2·(W − 1)/W each way); the time from the last report to the merged gradient does not grow with W; and the merged gradient is
 * the serial sum of every worker's own gradient, computed here apart from the workers.
 */
class SgdCoordinationScaleTest {
  /**
   * The worker counts to run, comma-separated, smallest first (default 8,16,64,128: W = 256 does not fit the 1 GB
   * test heap, docs/scaling.md).
   */
  static final String WORKERS = "shardtrain.scale.sgd.workers";
  /** Gradient passes per W, the first included (it also sends the frame and the member table). */
  static final String PASSES = "shardtrain.scale.sgd.passes";
  private static final int D = 100_000;
  private static final int EXAMPLES_PER_WORKER = 4;
  /** Non-zero features per example: sparse, so the worker takes the sparse path (no dense copy of its examples). */
  private static final int NON_ZEROS = 100;
  private static final double UNIT_ROUNDOFF = Math.ulp(1.0) / 2;
  private static final Loss LOSS = Loss.LOGISTIC;

  /** One W's figures: bytes per pass (mean after the first), the largest member's values per pass, medians (ms). */
  private record Row(int workers, int passes, long amIn, long amOut, long commandBytes, long firstOut,
                     long firstCommandBytes, long frameBytes, long maxSent, long maxReceived, double mergeMs,
                     double arrivedMs, double amMergeMs, double passMs, long peakHeapMb, long idleHeapMb) {}

  @Test
  void aGradientPassCostsTheAmAndEachWorkerTheSameAtEveryWButThePointOut() throws Exception {
    int[] ws = Arrays.stream(System.getProperty(WORKERS, "8,16,64,128").split(",")).map(String::trim)
        .mapToInt(Integer::parseInt).toArray();
    int passes = Integer.getInteger(PASSES, 5);
    // A warm-up run of the smallest W, its figures dropped: the JIT's first compilations would otherwise inflate the
    // smallest W's times, and so make the growth of the merge time with W look smaller than it is.
    System.out.println("warm-up, its figures dropped:");
    run(ws[0], 3);
    long started = System.nanoTime();
    List<Row> rows = new ArrayList<>();
    for (int w : ws) rows.add(run(w, passes));
    double seconds = (System.nanoTime() - started) / 1e9;

    long payloadValues = D + GradientStats.HEADER;
    long payload = 8 * payloadValues;
    long pointBytes = 8L * (D + 1);
    // The control bytes one worker adds to what the AM takes in: its empty answer (slot 0 answers with the total).
    long controlPerWorker = AvroBytes.encode(WorkerResult.newBuilder().setAnswer(new SgdSums(null)).build()).length;
    System.out.printf("SGD gradient pass, d = %d, %d examples of %d features per worker, %s loss: gradient P = %d "
        + "bytes, point X = %d bytes, %d bytes of control per worker in; %s schedule; %d passes per W; heap %d MB; "
        + "%.1f s in all%n", D, EXAMPLES_PER_WORKER, NON_ZEROS, LOSS, payload, pointBytes, controlPerWorker,
        payload >= Schedules.RING_FROM_BYTES ? "ring" : "tree", passes, Runtime.getRuntime().maxMemory() >> 20, seconds);
    System.out.println("| W | AM bytes in/pass | AM bytes out/pass (after the first) | command bytes without the point "
        + "(at most) | first pass: AM bytes out (frame per worker + the commands) | max worker sent/pass | max worker received/pass | last "
        + "report taken in -> merged (median ms) | last report sent -> merged (median ms) | AM merge loop (median ms) "
        + "| pass (median ms) | heap after a GC, max (MB) | heap between passes (MB) |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (Row r : rows) {
      System.out.printf("| %d | %d | %d | %d | %d (%d + %d) | %d | %d | %.3f | %.3f | %.3f | %.1f | %d | %d |%n",
          r.workers, r.amIn, r.amOut, r.commandBytes, r.firstOut, r.frameBytes, r.firstCommandBytes, 8 * r.maxSent,
          8 * r.maxReceived, r.mergeMs, r.arrivedMs, r.amMergeMs, r.passMs, r.peakHeapMb, r.idleHeapMb);
    }

    for (Row r : rows) {
      // In: one gradient (slot 0's total) and one empty answer per other worker — never W gradients.
      assertTrue(r.amIn <= 2 * payload + controlPerWorker * r.workers, "W = " + r.workers + ": the AM took in " + r.amIn
          + " bytes per pass, over 2 x " + payload + " + " + controlPerWorker + " x W");
      // Out: slot 0 fetches the point plus a constant, every other worker a constant (step, fraction, epoch,
      // collective number; slot 0 broadcasts the point) — counted exactly in run() against each command; here,
      // that the constant is small and the whole is one point plus O(W): independent of W but for control bytes.
      assertTrue(r.commandBytes <= 64, "W = " + r.workers + ": a command without the point of " + r.commandBytes + " bytes");
      assertTrue(r.amOut <= pointBytes + 64L * r.workers + 64, "W = " + r.workers + ": " + r.amOut
          + " bytes out per pass, over one point (" + pointBytes + ") + 64 x W");
      // The first pass: the frame (the scaling, 2·d doubles) to every worker, the point to slot 0, the member table
      // to every worker.
      assertEquals((long) r.workers * r.frameBytes + r.firstCommandBytes, r.firstOut,
          "W = " + r.workers + ": the first pass's bytes out");
      // Each member sends and receives at most 3 gradients' values, whatever W (the ring: 2·(W−1)/W of one each
      // way, and one value per round of the tree that agrees on the length): no hub among the workers.
      ScaleFigures.assertNoHubAmongWorkers(r.workers, r.maxSent, r.maxReceived, payloadValues);
    }
    // The time from the last report to the merged gradient: the AM decodes and adds one gradient and W − 1 empty
    // answers, so 16 (or 62.5) times the workers must cost far less than 16 (62.5) times the time. Timed from when
    // the AM took the last report in (its report() returned) to gradient()'s return, median of the passes; from
    // when the worker sent it, the time also holds that worker's wait for one of 2 cores and the AM's lock —
    // printed, not asserted. The smallest W's figure is floored at 0.05 ms (a thread's wake-up on this machine).
    Row small = rows.get(0);
    Row large = rows.get(rows.size() - 1);
    double growth = (double) large.workers / small.workers;
    // The AM's merge loop alone (its own clock, Coordinator.merged) is held to the same bound: it is where a hub's
    // W gradients would be decoded and added, and it is steadier than the hand-off above.
    if (growth >= 16) { // (a run of fewer W, e.g. 16 and 64 alone, is too small a step to tell a trend from noise)
      ScaleFigures.assertSubLinear("merge time", small.workers, small.mergeMs, large.workers, large.mergeMs);
      ScaleFigures.assertSubLinear("the AM's merge loop", small.workers, small.amMergeMs, large.workers, large.amMergeMs);
    } else {
      System.out.println("merge times not asserted: W grew " + growth + "x, under 16x");
    }
  }

  private static Row run(int w, int passes) throws Exception {
    LiveHeap live = new LiveHeap();
    Random random = new Random(30 + w);
    // Each worker's examples: NON_ZEROS distinct features each, drawn over all of [0, d) so that every worker's
    // gradient has its own non-zeros; labels 0/1 from a hidden linear rule, so the gradient is not symmetric.
    SparseExamples[] train = new SparseExamples[w];
    double[] truth = new double[D];
    for (int j = 0; j < D; j++) truth[j] = random.nextGaussian();
    for (int s = 0; s < w; s++) {
      train[s] = new SparseExamples();
      for (int e = 0; e < EXAMPLES_PER_WORKER; e++) {
        int[] idx = random.ints(0, D).distinct().limit(NON_ZEROS).sorted().toArray();
        double[] val = new double[NON_ZEROS];
        double margin = 0;
        for (int i = 0; i < NON_ZEROS; i++) {
          val[i] = random.nextGaussian();
          margin += truth[idx[i]] * val[i];
        }
        train[s].add(margin > 0 ? 1 : 0, idx, val, NON_ZEROS);
      }
    }
    // A scaling other than the identity, so the frame's values matter to every worker's margins.
    double[] mean = new double[D];
    double[] invStd = new double[D];
    for (int j = 0; j < D; j++) {
      mean[j] = 0.01 * random.nextGaussian();
      invStd[j] = 0.5 + random.nextDouble();
    }
    FeatureScaling scaling = new FeatureScaling(mean, invStd, 0, 1);
    double[] x = new double[D + 1];
    for (int j = 0; j < x.length; j++) x[j] = 0.01 * random.nextGaussian();

    Coordinator coordinator = new Coordinator(w);
    SimulatedWorkers.Wire wire = new SimulatedWorkers.Wire(coordinator);
    SimulatedWorkers.Mesh mesh = new SimulatedWorkers.Mesh(w);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int s = 0; s < w; s++) {
      threads.add(SimulatedWorkers.startSgd(wire, s, LOSS.name().toLowerCase(java.util.Locale.ROOT), train[s], mesh,
          failure));
    }
    long seed = SgdParams.SEED.defaultValue();
    long amIn = 0;
    long amOut = 0;
    long expectedOut = 0;
    long commandBytes = -1;
    long firstOut = 0;
    long firstCommandBytes = 0;
    long frameBytes = 0;
    long idleMb = 0;
    double[] merge = new double[passes];
    double[] arrived = new double[passes];
    double[] amMerge = new double[passes];
    double[] pass = new double[passes];
    try {
      coordinator.awaitRegistered(120_000);
      YarnSgdPasses am = new YarnSgdPasses(coordinator);
      for (int p = 0; p < passes; p++) { // pass 0: the first, which also sends the frame and the member table
        SgdState state = SgdState.at(x, p, scaling, null);
        Coordinator.Traffic before = coordinator.traffic();
        Coordinator.Membership members = coordinator.membership();
        long t0 = System.nanoTime();
        GradientStats total = am.gradient(state, LOSS, p, 1.0);
        long t1 = System.nanoTime();
        Coordinator.Traffic after = coordinator.traffic();
        assertNull(failure.get(), () -> "a worker failed: " + failure.get());
        arrived[p] = (t1 - wire.lastReportNanos()) / 1e6;
        merge[p] = (t1 - wire.lastAcceptedNanos()) / 1e6;
        amMerge[p] = (after.mergeSeconds() - before.mergeSeconds()) * 1e3;
        pass[p] = (t1 - t0) / 1e6;
        java.nio.ByteBuffer point = PackedDoubles.of(x);
        if (p == 0) {
          firstOut = after.bytesToWorkers() - before.bytesToWorkers();
          // The frame as YarnSgdPasses builds it (the scaling and no classes), and the first collective's command.
          frameBytes = new Command(1, new SgdFrame(SgdCodec.toAvro(new SgdState(new double[0], 0, 0, null, scaling,
              null, null)))).encoded().length;
          // The first collective's commands: with the member table to all, and the point to slot 0 only.
          Members first = new Members(members.epoch(), 1L, List.copyOf(members.peers()));
          firstCommandBytes = (w - 1L) * new Command(2, new SgdGradient(null, 0L, 1.0, first)).encoded().length
              + new Command(2, new SgdGradient(point, 0L, 1.0, first)).encoded().length;
        } else {
          amIn += after.bytesFromWorkers() - before.bytesFromWorkers();
          amOut += after.bytesToWorkers() - before.bytesToWorkers();
          // The commands as the AM built them for this pass (the p + 1-th collective of the epoch, no member
          // table): the point in slot 0's only.
          Members later = new Members(members.epoch(), p + 1L, List.of());
          long lean = new Command(1, new SgdGradient(null, (long) p, 1.0, later)).encoded().length;
          long root = new Command(1, new SgdGradient(point, (long) p, 1.0, later)).encoded().length;
          expectedOut += (w - 1) * lean + root;
          commandBytes = Math.max(commandBytes, lean);
        }
        assertEqualsSerialSum(w, total, train, state, seed, p);
        // The next point: a step against the merged sums (roughly the gradient; its direction need not be exact),
        // so that every pass runs at a new point, decoded by every worker.
        for (int j = 0; j < D; j++) x[j] -= 0.5 * total.g(j) * invStd[j] / total.count();
        x[D] -= 0.5 * total.gradientSum() / total.count();
      }
      // What W idle workers (and the AM) hold between passes: the heap after a full collection.
      System.gc();
      idleMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    } finally {
      coordinator.stopWorkers();
      for (Thread t : threads) t.join(30_000);
    }
    assertNull(failure.get(), () -> "a worker failed: " + failure.get());
    assertEquals(expectedOut, amOut, "W = " + w + ": bytes the workers fetched after the first pass, against each command");
    for (Thread t : threads) assertTrue(!t.isAlive(), t.getName() + " did not stop");
    long maxSent = 0;
    long maxReceived = 0;
    for (int s = 0; s < w; s++) {
      maxSent = Math.max(maxSent, mesh.sentValues(s) / passes);
      maxReceived = Math.max(maxReceived, mesh.receivedValues(s) / passes);
    }
    long peak = live.stop();
    System.out.printf("W = %d, per pass: last report taken in -> merged %s ms; last report sent -> merged %s ms; "
        + "pass %s ms%n", w, Arrays.toString(ScaleFigures.rounded(merge)), Arrays.toString(ScaleFigures.rounded(arrived)),
        Arrays.toString(ScaleFigures.rounded(pass)));
    int steady = passes - 1;
    return new Row(w, passes, amIn / steady, amOut / steady, commandBytes, firstOut, firstCommandBytes, frameBytes,
        maxSent, maxReceived, ScaleFigures.median(merge), ScaleFigures.median(arrived), ScaleFigures.median(amMerge), ScaleFigures.median(pass), peak, idleMb);
  }

  /**
   * The allreduced gradient against a straight serial sum, in slot order, of each worker's own gradient (its
   * examples passed on their own by the core's in-memory engine, here on the test's thread, at the same point and
   * scaling). The count is an integer: exact. The loss and gradient sums are W partials added in another order (the
   * ring's, each element starting at a different member): each order is within γ_{W−1}·Σ|partial| < W·u·Σ|partial|
   * of the exact sum (Higham, Accuracy and Stability, §4.2), so the two differ by at most 2·W·u·Σ|partial|.
   */
  private static void assertEqualsSerialSum(int w, GradientStats total, SparseExamples[] train, SgdState state,
                                            long seed, long step) {
    double[] sum = new double[D + GradientStats.HEADER];
    double[] abs = new double[sum.length];
    for (SparseExamples examples : train) {
      double[] part = new InMemorySgdPasses(examples, new SparseExamples(), seed, 1).gradient(state, LOSS, step, 1.0).flat();
      for (int i = 0; i < sum.length; i++) {
        sum[i] += part[i];
        abs[i] += Math.abs(part[i]);
      }
    }
    assertEquals(sum.length, total.flat().length, "the gradient's length");
    assertEquals((double) w * EXAMPLES_PER_WORKER, total.count(), "examples counted");
    double bound = 2 * w * UNIT_ROUNDOFF;
    long nonZero = 0;
    for (int i = 0; i < sum.length; i++) {
      double got = total.flat()[i];
      if (got != 0) nonZero++;
      int at = i;
      assertTrue(Math.abs(got - sum[i]) <= bound * abs[i], () -> "element " + at + " of the gradient: " + got + " vs "
          + sum[at]);
    }
    // The comparison is not a vacuous one of zeros: the workers' examples touch about W·4·100 features (drawn with
    // repeats over d), and at least half as many are non-zero in the total.
    assertTrue(nonZero >= Math.min(D, (long) w * EXAMPLES_PER_WORKER * NON_ZEROS) / 2, "only " + nonZero
        + " non-zero values in the merged gradient");
  }

  /**
   * The largest heap in use just after a collection while this is open: what the W workers and the AM held (and, after
   * a young collection, old garbage not yet collected — so an upper bound of the live set), the figure that says
   * whether a W fits a heap. From the collectors' notifications.
   */
  private static final class LiveHeap implements javax.management.NotificationListener {
    private final java.util.concurrent.atomic.AtomicLong max = new java.util.concurrent.atomic.AtomicLong();
    private final List<javax.management.NotificationEmitter> emitters = new ArrayList<>();

    LiveHeap() {
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (gc instanceof javax.management.NotificationEmitter e) {
          e.addNotificationListener(this, null, null);
          emitters.add(e);
        }
      }
    }

    @Override
    public void handleNotification(javax.management.Notification n, Object handback) {
      if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
      GarbageCollectionNotificationInfo info =
          GarbageCollectionNotificationInfo.from((javax.management.openmbean.CompositeData) n.getUserData());
      long used = 0;
      for (java.lang.management.MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values()) used += u.getUsed();
      max.accumulateAndGet(used, Math::max);
    }

    /** Stops listening; the largest heap in use after a collection (MB) in the meantime. */
    long stop() throws javax.management.ListenerNotFoundException {
      for (javax.management.NotificationEmitter e : emitters) e.removeNotificationListener(this);
      return max.get() >> 20;
    }
  }

}
