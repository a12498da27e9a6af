package org.shardtrain.yarn.am;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.hadoop.ipc.ProtocolSignature;
import org.shardtrain.core.param.Param;
import org.shardtrain.host.JobFailedException;
import org.shardtrain.yarn.protocol.Stop;
import org.shardtrain.yarn.rpc.Command;
import org.shardtrain.yarn.rpc.Registration;
import org.shardtrain.yarn.rpc.Report;
import org.shardtrain.yarn.rpc.WorkerProtocol;

/**
 * The AM's side of {@link WorkerProtocol}: one command at a time goes to every worker (they long-poll for
 * it), and {@link #call} returns when every worker has reported, in slot order (so merges are
 * deterministic), or fails in one line when a worker reports an error or its container is lost.
 */
public final class Coordinator implements WorkerProtocol {
  /** Configuration key of the pass time-out in milliseconds (default 30 minutes). */
  public static final String PASS_TIMEOUT = "shardtrain.yarn.pass-timeout-ms";
  /** How long a pass may wait for every worker's report before the run fails (a hung worker). */
  public static final Param<Long> PASS_TIMEOUT_MS = Param.longParam("pass-timeout-ms", PASS_TIMEOUT)
      .defaultsTo(30 * 60_000L).validate(n -> n > 0, "positive").describe("how long a pass waits for every worker").build();

  private final WorkerSlot[] slots;
  /**
   * One lock, two wake-up lists: workers parked in {@link #nextCommand} wait for a new command (or stop) only,
   * and the AM's thread (in {@link #call} or {@link #awaitRegistered}) for progress — a report, a loss, a
   * registration. So a report wakes one thread, not every parked poll: a pass costs O(W) wake-ups, where
   * one shared monitor with notifyAll cost O(W²) (each of W reports woke up to W pollers).
   */
  private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
  private final java.util.concurrent.locks.Condition commandPosted = lock.newCondition();
  private final java.util.concurrent.locks.Condition progress = lock.newCondition();
  /** Times a parked poll woke up (the test of the wake-up cost). */
  private final java.util.concurrent.atomic.LongAdder pollWakeups = new java.util.concurrent.atomic.LongAdder();
  private Command current = Command.none();
  /** Slot 0's copy of the current command when it differs (it carries what slot 0 broadcasts), else null. */
  private Command currentForSlot0;
  private long sequence;
  private PassReports reports;
  private String failure;
  /** Whether {@link #failure} is the input's fault (a worker reported a bad record) rather than the cluster's. */
  private boolean failureIsInput;
  private boolean stopping;
  private long passTimeoutMillis = 30 * 60_000L;
  /** Commands every worker must have run before the current one (loading shards): replayed to replacements. */
  private final List<Command> setup = new ArrayList<>();
  private final Recoveries recoveries;
  private java.util.function.IntSupplier iteration = () -> 0;
  private final AmTraffic traffic;

  public Coordinator(int workers) { this(new WorkerPools(workers, 0, "gpu", 1)); }

  public Coordinator(WorkerPools pools) {
    int workers = pools.total();
    this.slots = new WorkerSlot[workers];
    for (int i = 0; i < workers; i++) slots[i] = new WorkerSlot(i, pools.poolOf(i));
    this.reports = new PassReports(workers);
    this.recoveries = new Recoveries(workers);
    this.traffic = new AmTraffic(workers);
  }

  /** The AM's coordination so far: bytes out to and in from the workers, merge time, workers' NameNode operations. */
  public record Traffic(long bytesToWorkers, long bytesFromWorkers, double mergeSeconds,
                        org.shardtrain.yarn.rpc.NameNodeOps workersNameNodeOps,
                        long collectivePasses, long collectiveReposts) {}

  public Traffic traffic() { return traffic.snapshot(); }

  /** Adds time the AM spent merging results (the passes time their own merges). */
  public void merged(long nanos) { traffic.merged(nanos); }

  /** Where the run is (iterations done), for the record of a recovery. */
  public Coordinator iterations(java.util.function.IntSupplier done) {
    this.iteration = done;
    return this;
  }

  public int workers() { return slots.length; }

  /** The longest a pass may take before the run fails naming the workers that did not answer. */
  public Coordinator passTimeout(long millis) {
    this.passTimeoutMillis = millis;
    return this;
  }

  public WorkerSlot slot(int i) { return slots[i]; }

  @Override
  public void register(Registration r) throws IOException {
    WorkerSlot s = check(r.slot());
    lock.lock();
    try {
      s.registered(r);
      recoveries.registered(r.slot());
      epoch++; // a new member (a first start or a replacement): collectives from now on are of a new epoch
      if (rebuild != null) repost(); // a collective pass waits for this replacement: redo it with it
      progress.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private final MemberTable memberTable = new MemberTable();

  /** How this run's collectives name their members (the table once per epoch), whichever passes post them. */
  public MemberTable memberTable() { return memberTable; }

  /** The workers of a collective: the membership epoch and every slot's endpoint, or null if one has none. */
  public record Membership(long epoch, List<String> peers) {}

  private long epoch;
  /** The pass in progress, when it is a collective: how to build it again for a new membership. */
  private java.util.function.Function<Membership, SpecificRecord> rebuild;
  private java.util.function.UnaryOperator<SpecificRecord> rebuildForSlot0;

  private Membership membershipLocked() {
    List<String> peers = new ArrayList<>(slots.length);
    for (WorkerSlot s : slots) {
      if (!s.isRegistered() || s.peer() == null) return null;
      peers.add(s.peer());
    }
    return new Membership(epoch, peers);
  }

  /** The current membership, or null when some worker has no endpoint (then passes go through the AM). */
  public Membership membership() {
    lock.lock();
    try {
      return membershipLocked();
    } finally {
      lock.unlock();
    }
  }

  /** Posts the collective again, numbered anew, for the membership as it is now (after a replacement). */
  private void repost() {
    Membership m = membershipLocked();
    if (m == null) return; // someone is still missing: the next registration reposts
    traffic.collectiveReposted();
    post(rebuild.apply(m), rebuildForSlot0);
  }

  /** Makes {@code operation} the current command (slot 0's: {@code forSlot0} of it, when not null) and wakes the polls. */
  private void post(SpecificRecord operation, java.util.function.UnaryOperator<SpecificRecord> forSlot0) {
    sequence++;
    reports = new PassReports(slots.length);
    current = new Command(sequence, operation);
    current.encoded(); // once, here: every worker's fetch writes these bytes
    currentForSlot0 = forSlot0 == null ? null : new Command(sequence, forSlot0.apply(operation));
    if (currentForSlot0 != null) currentForSlot0.encoded();
    commandPosted.signalAll(); // the one event every parked poll waits for
  }

  /**
   * {@link #call} for a pass the workers reduce among themselves: built from the membership, and built again
   * and redone when a lost worker's replacement registers (the survivors' allreduce failed or was superseded:
   * they report {@link Report#collectiveFailed}, which fails the run only when no replacement is coming).
   */
  public <T extends SpecificRecord> List<T> callCollective(java.util.function.Function<Membership, SpecificRecord> build,
                                                           Class<T> resultType) throws JobFailedException, InterruptedException {
    return callCollective(build, null, resultType);
  }

  /**
   * {@link #callCollective}, where slot 0 gets {@code forSlot0} of the command (what it alone receives from the
   * AM and broadcasts to the others: the AM sends a payload once, not once per worker).
   */
  public <T extends SpecificRecord> List<T> callCollective(java.util.function.Function<Membership, SpecificRecord> build,
                                                           java.util.function.UnaryOperator<SpecificRecord> forSlot0,
                                                           Class<T> resultType) throws JobFailedException, InterruptedException {
    lock.lock();
    try {
      Membership m = awaitMembershipLocked();
      rebuild = build;
      rebuildForSlot0 = forSlot0;
      traffic.collectivePosted();
      try {
        return callLocked(build.apply(m), forSlot0, resultType);
      } finally {
        rebuild = null;
        rebuildForSlot0 = null;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * The membership, once every worker has registered an endpoint: a worker lost between two passes has no
   * endpoint until its replacement registers, and the next collective waits for it (at most the pass time-out).
   */
  private Membership awaitMembershipLocked() throws JobFailedException, InterruptedException {
    long deadline = System.currentTimeMillis() + passTimeoutMillis;
    Membership m;
    while ((m = membershipLocked()) == null) {
      if (failure != null) throw failed();
      if (System.currentTimeMillis() > deadline) {
        failure = "not every worker had an endpoint for a collective pass within " + passTimeoutMillis / 1000 + " s ("
            + PASS_TIMEOUT + "): " + WorkerSlot.waitingFor(slots);
        throw new JobFailedException(failure);
      }
      progress.await(1000, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    return m;
  }

  /** Every worker's registered kernel throughput, by slot (the shard plan's weights). */
  public double[] throughputs() {
    lock.lock();
    try {
      double[] w = new double[slots.length];
      for (int i = 0; i < slots.length; i++) w[i] = slots[i].gflops();
      return w;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Command nextCommand(int slot, long afterSequence, long waitMillis) throws IOException {
    check(slot);
    long deadline = System.currentTimeMillis() + Math.min(waitMillis, 30_000);
    lock.lock();
    try {
      Command next;
      while ((next = firstAfter(slot, afterSequence)) == null && !stopping) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) return Command.none();
        try {
          if (commandPosted.await(left, java.util.concurrent.TimeUnit.MILLISECONDS)) pollWakeups.increment();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Command.none();
        }
      }
      if (next == null) return new Command(Long.MAX_VALUE, new Stop());
      traffic.fetched(next.encoded().length);
      return next;
    } finally {
      lock.unlock();
    }
  }

  /** How many times parked polls have been woken (not counting polls that ran out their time). */
  long pollWakeups() { return pollWakeups.sum(); }

  /** The setup commands a (replacement) worker has not run yet, in order, then the current command (slot 0's copy). */
  private Command firstAfter(int slot, long afterSequence) {
    for (Command c : setup) if (c.sequence() > afterSequence) return c;
    Command now = slot == 0 && currentForSlot0 != null ? currentForSlot0 : current;
    return now.sequence() > afterSequence ? now : null;
  }

  @Override
  public void report(Report r) throws IOException {
    WorkerSlot s = check(r.slot());
    lock.lock();
    try {
      s.update(r.records(), r.computeSeconds(), r.waitSeconds(), r.peakRssMb());
      traffic.reported(r.slot(), r.resultBytes(), r.nameNodeOps());
      // A report sent again (the worker retried a call whose answer was lost) replaces its equal: idempotent.
      if (r.sequence() == sequence) {
        reports.put(r);
        if (r.error() == null) recoveries.reported(r.slot(), s.containerId());
        progress.signalAll();
      } else if (r.error() != null && !r.collectiveFailed()) {
        // A replacement could not replay the setup (reload its shards). A late report of a superseded
        // collective is not that: its pass was posted again, for the new membership.
        failure = r.error();
        failureIsInput = r.inputError();
        progress.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * A worker's container ended and a replacement is on its way: the pass in progress waits for the
   * replacement, which first replays the setup commands (reloads its shards) and then runs the pass.
   */
  public void replacing(int slot, String why) {
    lock.lock();
    try {
      slots[slot].lost();
      traffic.replaced(slot);
      recoveries.lost(slot, why, iteration.getAsInt() + 1);
      progress.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** What failed and how long recovery took (metrics.json {@code recoveries}). */
  public List<Map<String, Object>> recoveries() {
    lock.lock();
    try {
      return recoveries.list();
    } finally {
      lock.unlock();
    }
  }

  /** {@link #call}, and remembered: every replacement worker runs it before anything else. */
  public <T extends SpecificRecord> List<T> setup(SpecificRecord operation, Class<T> resultType)
      throws JobFailedException, InterruptedException {
    lock.lock();
    try {
      List<T> results = call(operation, resultType);
      setup.add(current);
      return results;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until every worker has registered; fails if one is lost first or the time runs out. */
  public void awaitRegistered(long timeoutMillis) throws JobFailedException, InterruptedException {
    awaitRegistered(timeoutMillis, Long.MAX_VALUE, line -> { });
  }

  /**
   * {@link #awaitRegistered(long)}, telling {@code waiting} every {@code reportEveryMillis} what is still
   * missing: a user whose queue is full sees why nothing happens instead of silence until the timeout.
   */
  public void awaitRegistered(long timeoutMillis, long reportEveryMillis, java.util.function.Consumer<String> waiting)
      throws JobFailedException, InterruptedException {
    lock.lock();
    try {
      awaitRegisteredLocked(timeoutMillis, reportEveryMillis, waiting);
    } finally {
      lock.unlock();
    }
  }

  private void awaitRegisteredLocked(long timeoutMillis, long reportEveryMillis,
                                     java.util.function.Consumer<String> waiting)
      throws JobFailedException, InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    long nextReport = later(reportEveryMillis);
    while (failure == null) {
      if (System.currentTimeMillis() >= nextReport) {
        String missing = WorkerSlot.waitingFor(slots);
        if (missing != null) waiting.accept(missing);
        nextReport = later(reportEveryMillis);
      }
      if (WorkerSlot.waitingFor(slots) == null) return;
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) throw new JobFailedException(WorkerSlot.notStartedWithin(slots, timeoutMillis));
      progress.await(Math.min(Math.min(left, 1000), Math.max(1, nextReport - System.currentTimeMillis())),
          java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    throw failed();
  }

  private static long later(long millis) {
    return millis == Long.MAX_VALUE ? Long.MAX_VALUE : System.currentTimeMillis() + millis;
  }

  /** The workers not registered yet, in one line: containers YARN has not given, and containers starting. */
  String waitingFor() {
    lock.lock();
    try {
      return WorkerSlot.waitingFor(slots);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sends {@code operation} to every worker and returns their results in slot order, each of
   * {@code resultType} (the operation's answer in WorkerMessages.avdl).
   */
  public <T extends SpecificRecord> List<T> call(SpecificRecord operation, Class<T> resultType)
      throws JobFailedException, InterruptedException {
    lock.lock();
    try {
      return callLocked(operation, null, resultType);
    } finally {
      lock.unlock();
    }
  }

  private <T extends SpecificRecord> List<T> callLocked(SpecificRecord operation,
                                                        java.util.function.UnaryOperator<SpecificRecord> forSlot0,
                                                        Class<T> resultType) throws JobFailedException, InterruptedException {
    if (failure != null) throw failed();
    post(operation, forSlot0);
    long deadline = System.currentTimeMillis() + passTimeoutMillis;
    while (true) {
      if (failure != null) throw failed();
      Report error = reports.failure();
      if (error != null) {
        failure = error.error();
        failureIsInput = error.inputError();
        throw failed();
      }
      if (reports.missing() == 0) {
        Report failedCollective = reports.failedCollective();
        if (failedCollective == null) break;
        // No replacement will come to redo it with (one that registered has reposted the pass already): the
        // collective itself failed.
        if (!recoveries.anyAwaitingRegistration()) {
          failure = failedCollective.error();
          throw failed();
        }
      }
      if (System.currentTimeMillis() > deadline) {
        failure = "worker(s) " + reports.silent() + " did not answer " + Command.nameOf(operation) + " within "
            + passTimeoutMillis / 1000 + " s (" + PASS_TIMEOUT + ")";
        throw new JobFailedException(failure);
      }
      progress.await(1000, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    try {
      return reports.results(resultType, Command.nameOf(operation));
    } catch (IllegalStateException e) {
      failure = e.getMessage();
      throw failed();
    }
  }

  private JobFailedException failed() { return new JobFailedException(failure, failureIsInput); }

  /** A worker's container ended while the run needed it. */
  public void workerLost(int slot, String why) {
    lock.lock();
    try {
      if (stopping) return;
      failure = "worker " + slot + " was lost: " + why;
      progress.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Tells every worker (those polling now and those that poll later) to exit. */
  public void stopWorkers() {
    lock.lock();
    try {
      stopping = true;
      commandPosted.signalAll();
      progress.signalAll();
    } finally {
      lock.unlock();
    }
  }

  public boolean isStopping() {
    lock.lock();
    try {
      return stopping;
    } finally {
      lock.unlock();
    }
  }

  private WorkerSlot check(int slot) throws IOException {
    if (slot < 0 || slot >= slots.length) throw new IOException("no worker slot " + slot);
    return slots[slot];
  }

  @Override
  public long getProtocolVersion(String protocol, long clientVersion) { return versionID; }

  @Override
  public ProtocolSignature getProtocolSignature(String protocol, long clientVersion, int clientMethodsHash)
      throws IOException {
    return ProtocolSignature.getProtocolSignature(this, protocol, clientVersion, clientMethodsHash);
  }
}
