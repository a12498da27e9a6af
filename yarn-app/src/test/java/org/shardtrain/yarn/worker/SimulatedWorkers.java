package org.shardtrain.yarn.worker;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.ipc.ProtocolSignature;
import org.shardtrain.core.kernel.CpuKernels;
import org.shardtrain.core.sgd.SparseExamples;
import org.shardtrain.yarn.collective.Link;
import org.shardtrain.yarn.rpc.Command;
import org.shardtrain.yarn.rpc.Registration;
import org.shardtrain.yarn.rpc.Report;
import org.shardtrain.yarn.rpc.WorkerProtocol;

/**
 * W k-means or SGD workers in one JVM, each a thread running the worker's own code: {@link WorkerMain#serve}'s poll
 * loop, {@link KMeansWorker} (its Lloyd pass, its allreduce through {@link Collectives} and {@code AllreduceMember}
 * on the tree) or {@link SgdWorker} (its passes, summed through {@link Collectives#paddedSum} on the tree or the
 * ring), reporting to the AM's {@code Coordinator} through {@link Wire} — every command and report written and
 * read back with its Writable, as Hadoop IPC would — and reaching each other through {@link Mesh}, in-process
 * mailboxes in place of the workers' {@code PeerEndpoint}s.
 */
public final class SimulatedWorkers {
  private SimulatedWorkers() {}

  /**
   * Starts k-means worker {@code slot}: it holds {@code count} points of dimension {@code d} (row-major in
   * {@code raw}), registers with {@code am} (an endpoint address in the member table, as a real worker's) and
   * serves commands until told to stop. A failure is kept in {@code failure}.
   */
  public static Thread start(WorkerProtocol am, int slot, int d, double[] raw, int count, Mesh mesh,
                             java.util.concurrent.atomic.AtomicReference<Throwable> failure) {
    return start(am, slot, mesh, failure, (kernels, collectives) -> {
      KMeansWorker task = new KMeansWorker(new Configuration(false), slot, kernels, collectives);
      task.loadPoints(d, raw, count);
      return task;
    });
  }

  /**
   * Starts SGD worker {@code slot} ({@link SgdWorker}, {@code loss} and the default parameters otherwise): it
   * holds {@code train} (no test examples), registers and serves as {@link #start(WorkerProtocol, int, int,
   * double[], int, Mesh, java.util.concurrent.atomic.AtomicReference) a k-means worker} does.
   */
  public static Thread startSgd(WorkerProtocol am, int slot, String loss, SparseExamples train, Mesh mesh,
                                java.util.concurrent.atomic.AtomicReference<Throwable> failure) {
    return start(am, slot, mesh, failure, (kernels, collectives) -> {
      Configuration conf = new Configuration(false);
      conf.set("shardtrain.sgd.loss", loss);
      SgdWorker task = new SgdWorker(conf, slot, kernels, collectives);
      task.loadExamples(train, new SparseExamples());
      return task;
    });
  }

  private interface Task {
    WorkerTask make(CpuKernels kernels, Collectives collectives) throws Exception;
  }

  private static Thread start(WorkerProtocol am, int slot, Mesh mesh,
                              java.util.concurrent.atomic.AtomicReference<Throwable> failure, Task make) {
    Thread t = new Thread(null, () -> {
      try (CpuKernels kernels = new CpuKernels(1)) {
        Collectives collectives = new Collectives(mesh, slot, am);
        WorkerTask task = make.make(kernels, collectives);
        // An address as long as a cluster's (host:port), so the member table in each command has its real size.
        String peer = "10.1." + (slot / 250) + "." + (slot % 250 + 1) + ":" + (40_000 + slot);
        am.register(new Registration(slot, "container_sim_" + slot, "node" + slot, kernels.backend(), kernels.detail(),
            null, 1.0).peer(peer));
        WorkerMain.serve(am, task, slot, 0, collectives);
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      }
    }, "sim-worker-" + slot, 512 << 10);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * The AM's protocol as a worker reaches it over IPC: each command and report is written and read back with its
   * Writable (so the worker decodes its own copy of the command, and the report's result bytes are counted as
   * sent), and the time the last report reached the AM is kept.
   */
  public static final class Wire implements WorkerProtocol {
    private final WorkerProtocol am;
    private final AtomicLong lastReportNanos = new AtomicLong();
    private final AtomicLong lastAcceptedNanos = new AtomicLong();

    public Wire(WorkerProtocol am) { this.am = am; }

    /** When the latest report reached the AM ({@link System#nanoTime}). */
    public long lastReportNanos() { return lastReportNanos.get(); }

    /** When the AM's {@code report} last returned (the report taken in, under the AM's lock). */
    public long lastAcceptedNanos() { return lastAcceptedNanos.get(); }

    @Override
    public void register(Registration r) throws IOException { am.register(copy(r, new Registration())); }

    @Override
    public Command nextCommand(int slot, long afterSequence, long waitMillis) throws IOException {
      return copy(am.nextCommand(slot, afterSequence, waitMillis), new Command());
    }

    @Override
    public void report(Report r) throws IOException {
      Report received = copy(r, new Report());
      lastReportNanos.accumulateAndGet(System.nanoTime(), Math::max);
      am.report(received);
      lastAcceptedNanos.accumulateAndGet(System.nanoTime(), Math::max);
    }

    private static <T extends Writable> T copy(Writable from, T into) throws IOException {
      DataOutputBuffer out = new DataOutputBuffer();
      from.write(out);
      DataInputBuffer in = new DataInputBuffer();
      in.reset(out.getData(), out.getLength());
      into.readFields(in);
      return into;
    }

    @Override
    public long getProtocolVersion(String protocol, long clientVersion) { return versionID; }

    @Override
    public ProtocolSignature getProtocolSignature(String protocol, long clientVersion, int hash) throws IOException {
      return am.getProtocolSignature(protocol, clientVersion, hash);
    }
  }

  /**
   * In-process links among W members in place of their endpoints: a mailbox per (collective, receiver, sender,
   * round); a send copies the values (as an endpoint's message does). Counts each member's values sent and
   * received.
   */
  public static final class Mesh implements Collectives.Links {
    private record Key(long epoch, long collective, int to, int from, int round) {}

    private final ConcurrentHashMap<Key, BlockingQueue<double[]>> boxes = new ConcurrentHashMap<>();
    private final AtomicLongArray sent;
    private final AtomicLongArray received;

    public Mesh(int members) {
      sent = new AtomicLongArray(members);
      received = new AtomicLongArray(members);
    }

    public long sentValues(int member) { return sent.get(member); }

    public long receivedValues(int member) { return received.get(member); }

    private BlockingQueue<double[]> box(Key k) { return boxes.computeIfAbsent(k, x -> new LinkedBlockingQueue<>()); }

    @Override
    public Link open(int rank, org.shardtrain.yarn.protocol.Members members, java.util.function.BooleanSupplier superseded) {
      long epoch = members.getEpoch();
      long collective = members.getCollective();
      return new Link() {
        @Override
        public void send(int to, int round, double[] values, int length) {
          box(new Key(epoch, collective, to, rank, round)).add(java.util.Arrays.copyOf(values, length));
          sent.addAndGet(rank, length);
        }

        @Override
        public double[] receive(int from, int round) throws IOException, InterruptedException {
          Key k = new Key(epoch, collective, rank, from, round);
          double[] v = box(k).poll(60, TimeUnit.SECONDS);
          if (v == null) throw new IOException("member " + rank + " waited 60 s for round " + round + " from " + from);
          boxes.remove(k);
          received.addAndGet(rank, v.length);
          return v;
        }
      };
    }
  }
}
