package org.shardtrain.yarn.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.ipc.ProtocolSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.als.AlsParams;
import org.shardtrain.core.als.AlsPasses;
import org.shardtrain.core.als.FactorSource;
import org.shardtrain.core.als.InMemoryAlsPasses;
import org.shardtrain.core.kernel.CpuKernels;
import org.shardtrain.yarn.am.ShardPlan;
import org.shardtrain.yarn.collective.ByteChunk;
import org.shardtrain.yarn.collective.FactorChunk;
import org.shardtrain.yarn.collective.StreamServer;
import org.shardtrain.yarn.protocol.AlsGather;
import org.shardtrain.yarn.protocol.AlsLoad;
import org.shardtrain.yarn.collective.FactorServer;
import org.shardtrain.yarn.protocol.AlsSide;
import org.shardtrain.yarn.protocol.AlsSolve;
import org.shardtrain.yarn.protocol.AlsSolved;
import org.shardtrain.yarn.protocol.Members;
import org.shardtrain.yarn.rpc.Command;
import org.shardtrain.yarn.rpc.Registration;
import org.shardtrain.yarn.rpc.Report;
import org.shardtrain.yarn.rpc.WorkerProtocol;

/**
 * ALS on YARN's workers, W of them in one process, each the real {@link AlsWorker} running the AM's half-step
 * commands: each block pulls the factors its ratings use from the workers that solved them ({@link FactorPull},
 * {@link OutBlocks}; in-process here, every chunk written and read back with its Writable as IPC would), and sums
 * the half-step's totals among the workers. Checked against independent references: the factors equal the
 * reference engine's ({@link InMemoryAlsPasses}) bit for bit; the squared error is the reference's; each factor
 * crossed to another block exactly once per destination block that rates with it (counted from the raw ratings);
 * and the filesystem — a counting one, each call a NameNode operation on HDFS — sees one file per worker per
 * half-step (its checkpoint part) and at most 4·W operations, where the file exchange made W² files. A worker that
 * replaces a lost one serves its predecessor's factors from its part and the model is unchanged.
 */
class AlsExchangeTest {
  @TempDir Path dir;

  private static final AlsParams P = new AlsParams(4, 0.1, false, 1, 2, 7, null, 0, AlsParams.ColdStart.DROP);

  /** W workers' blocks, the reference engine's ratings, and the in-process transport between the workers. */
  private final class Cluster {
    final int w;
    final Map<String, Map<String, Double>> ratings = new TreeMap<>();
    final FactorServer[] servers;
    final StreamServer[] streams;
    final AlsWorker[] workers;
    final AtomicLong fetchedValues = new AtomicLong();
    final Configuration conf;
    final CpuKernels kernels = new CpuKernels(1);
    final SimulatedWorkers.Mesh mesh;
    long collective;

    final String input;

    Cluster(int w, int ratingCount, long seed) throws Exception {
      this.w = w;
      conf = CountingLocalFileSystem.install(new Configuration());
      conf.setInt("shardtrain.yarn.workers", w);
      conf.setInt("shardtrain.als.rank", P.rank());
      conf.set("shardtrain.als.lambda", String.valueOf(P.lambda()));
      conf.setLong("shardtrain.als.seed", P.seed());
      conf.set("shardtrain.als.test-fraction", "0");
      conf.set("shardtrain.format", "tsv");
      // Splits of a few KB, so that every worker reads part of the one file and routes ratings to every block.
      conf.setLong("mapreduce.input.fileinputformat.split.maxsize", Math.max(512, 20L * ratingCount / w / 2));
      // One TSV file of the ratings, as a user has them; the reference engine gets the same ratings as a map.
      Random r = new Random(seed);
      StringBuilder tsv = new StringBuilder();
      for (int n = 0; n < ratingCount; n++) {
        String user = "u" + r.nextInt(ratingCount / 8);
        String item = String.valueOf(r.nextInt(ratingCount / 20));
        double rating = 1.0 + r.nextInt(5);
        if (ratings.computeIfAbsent(user, x -> new TreeMap<>()).putIfAbsent(item, rating) != null) continue;
        tsv.append(user).append('\t').append(item).append('\t').append(rating).append('\n');
      }
      java.nio.file.Files.writeString(dir.resolve("ratings.tsv"), tsv);
      input = new org.apache.hadoop.fs.Path(dir.resolve("ratings.tsv").toUri()).toString();
      mesh = new SimulatedWorkers.Mesh(w);
      servers = new FactorServer[w];
      streams = new StreamServer[w];
      workers = new AlsWorker[w];
      for (int b = 0; b < w; b++) workers[b] = start(b, 60_000);
      long created = CountingLocalFileSystem.CREATED.get();
      long before = CountingLocalFileSystem.operations();
      org.shardtrain.yarn.protocol.SplitPlan plan = ShardPlan.of(conf, input, w).message();
      splits = plan.getSlots().stream().mapToInt(x -> x.getSplits().size()).sum();
      String rejects = new org.apache.hadoop.fs.Path(dir.resolve("rejects").toUri()).toString();
      Object[] loaded = all(b -> workers[b].run(new AlsLoad(rejects, plan, null)));
      long read = 0;
      for (Object l : loaded) {
        long records = ((org.shardtrain.yarn.protocol.AlsLoaded) l).getRecords();
        assertTrue(records > 0, "every worker reads part of the file");
        read += records;
      }
      long distinct = ratings.values().stream().mapToLong(Map::size).sum();
      assertEquals(distinct, read, "every rating read once");
      Members gather = members();
      all(b -> workers[b].run(new AlsGather(gather)));
      loadCreated = CountingLocalFileSystem.CREATED.get() - created;
      loadOperations = CountingLocalFileSystem.operations() - before;
    }

    final int splits;
    final long loadCreated;
    final long loadOperations;

    /** A worker for block {@code b}, serving and pulling through this cluster (it loads when told to). */
    AlsWorker start(int b, long fetchTimeoutMillis) {
      Collectives.AlsPeers peers = new Collectives.AlsPeers() {
        @Override
        public void serve(FactorServer factors, StreamServer routed) {
          servers[b] = factors;
          streams[b] = routed;
        }

        @Override
        public FactorChunk fetch(Members m, int sender, String step, int toBlock, int first, int max) throws IOException {
          FactorServer s = servers[sender];
          if (s == null) throw new IOException("no worker " + sender);
          FactorChunk c = viaWire(s.serve(step, toBlock, first, max), new FactorChunk());
          fetchedValues.addAndGet(c.values().length);
          return c;
        }

        @Override
        public ByteChunk fetchStream(Members m, int sender, String name, long offset, int max) throws IOException {
          StreamServer s = streams[sender];
          if (s == null) throw new IOException("no worker " + sender);
          return viaWire(s.serve(name, offset, max), new ByteChunk());
        }
      };
      return new AlsWorker(conf, b, kernels, new Collectives(mesh, peers, b, new NoAm())).fetchTimeout(fetchTimeoutMillis);
    }

    interface Run {
      Object on(int b) throws Exception;
    }

    /** Runs {@code run} on every worker at once (they fetch from each other as they go); the answers by slot. */
    Object[] all(Run run) throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(w);
      try {
        List<Future<Object>> done = new ArrayList<>();
        for (int b = 0; b < w; b++) {
          int slot = b;
          done.add(pool.submit(() -> run.on(slot)));
        }
        Object[] out = new Object[w];
        for (int b = 0; b < w; b++) out[b] = done.get(b).get();
        return out;
      } finally {
        pool.shutdownNow();
      }
    }

    long epoch = 1;
    private long tableSentFor = -1;

    /** The members as the AM's MemberTable names them: the table with the first command of an epoch only. */
    Members members() {
      List<String> peers = new ArrayList<>();
      if (tableSentFor != epoch) for (int b = 0; b < w; b++) peers.add("10.0.0." + b + ":4000");
      tableSentFor = epoch;
      return new Members(epoch, ++collective, peers);
    }

    /** Every worker runs the half-step at once; slot 0's totals (the others answer zeros). */
    AlsSolved halfStep(AlsSide side, int t, org.shardtrain.yarn.protocol.FactorSource source, String sourceFolder,
                       String folder) throws Exception {
      Members members = members();
      Object[] answers = all(b -> workers[b].run(new AlsSolve(side, t, source, sourceFolder, null, folder, members)));
      for (int b = 1; b < w; b++) {
        assertEquals(0, ((AlsSolved) answers[b]).getRatings(), "slot " + b + " answers zeros: slot 0 answers the totals");
      }
      return (AlsSolved) answers[0];
    }
  }

  /** An AM that never posts anything new (so no wait is superseded). */
  private static final class NoAm implements WorkerProtocol {
    @Override public void register(Registration r) {}
    @Override public Command nextCommand(int slot, long after, long wait) { return Command.none(); }
    @Override public void report(Report r) {}
    @Override public long getProtocolVersion(String p, long v) { return versionID; }
    @Override public ProtocolSignature getProtocolSignature(String p, long v, int h) { return null; }
  }

  /** {@code c} written and read back with its Writable, as IPC carries it. */
  private static <T extends org.apache.hadoop.io.Writable> T viaWire(T c, T into) throws IOException {
    DataOutputBuffer out = new DataOutputBuffer();
    c.write(out);
    DataInputBuffer in = new DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    into.readFields(in);
    return into;
  }

  @Test
  void sixteenWorkersPullTheFactorsTheyNeedAndGiveTheReferenceModel() throws Exception {
    int w = 16;
    Cluster c = new Cluster(w, 6_000, 12);
    // The load routed every rating worker to worker: the filesystem saw the input's splits read (a few
    // operations each: listing, status, open) and no file made (the routing files were 3·W² creates).
    System.out.printf("W = %d, load of %d splits: %d filesystem operations, %d files created%n", w, c.splits,
        c.loadOperations, c.loadCreated);
    assertEquals(0, c.loadCreated);
    assertTrue(c.splits >= w, c.splits + " splits");
    assertTrue(c.loadOperations <= 4L * c.splits + 4, c.loadOperations + " operations");
    InMemoryAlsPasses reference = new InMemoryAlsPasses(c.ratings, P);
    String itemsAt = null;
    for (int t = 1; t <= 2; t++) {
      String usersAt = reference.solve(AlsPasses.Side.USERS,
          itemsAt == null ? FactorSource.seeded() : FactorSource.solved(itemsAt), t).factors();
      AlsPasses.HalfStep refItems = reference.solve(AlsPasses.Side.ITEMS, FactorSource.solved(usersAt), t);
      itemsAt = refItems.factors();

      long before = CountingLocalFileSystem.operations();
      long created = CountingLocalFileSystem.CREATED.get();
      long fetched = c.fetchedValues.get();
      c.halfStep(AlsSide.USERS, t, t == 1 ? org.shardtrain.yarn.protocol.FactorSource.INITIAL
          : org.shardtrain.yarn.protocol.FactorSource.EXCHANGE, folder("items-" + (t - 1)), folder("users-" + t));
      long usersOps = CountingLocalFileSystem.operations() - before;
      long usersCreated = CountingLocalFileSystem.CREATED.get() - created;
      long usersFetched = c.fetchedValues.get() - fetched;

      before = CountingLocalFileSystem.operations();
      created = CountingLocalFileSystem.CREATED.get();
      fetched = c.fetchedValues.get();
      AlsSolved items = c.halfStep(AlsSide.ITEMS, t, org.shardtrain.yarn.protocol.FactorSource.EXCHANGE,
          folder("users-" + t), folder("items-" + t));
      long itemsOps = CountingLocalFileSystem.operations() - before;
      long itemsCreated = CountingLocalFileSystem.CREATED.get() - created;
      long itemsFetched = c.fetchedValues.get() - fetched;
      System.out.printf("W = %d, iteration %d: filesystem operations per half-step %d (users), %d (items), files created"
          + " %d, %d; factor values pulled %d, %d%n", w, t, usersOps, itemsOps, usersCreated, itemsCreated, usersFetched,
          itemsFetched);

      assertSame(reference.factors(usersAt), read(c.conf, folder("users-" + t)), "users, iteration " + t);
      assertSame(reference.factors(itemsAt), read(c.conf, folder("items-" + t)), "items, iteration " + t);
      assertEquals(refItems.trainRatings(), items.getRatings());
      assertEquals(refItems.trainSse(), items.getSquaredError(), 1e-9 * refItems.trainSse());
      // One file per worker (its part), at most 4·W operations in all (the file exchange: W² files per half-step).
      assertEquals(w, usersCreated);
      assertEquals(w, itemsCreated);
      assertTrue(usersOps <= 4L * w, usersOps + " operations");
      assertTrue(itemsOps <= 4L * w, itemsOps + " operations");
      // Each factor went to each other block that rates with it once, no more (iteration 1's users: seeded, none).
      if (t > 1) assertEquals(P.rank() * crossings(c, true), usersFetched, "item factors pulled");
      assertEquals(P.rank() * crossings(c, false), itemsFetched, "user factors pulled");
    }
  }

  /**
   * The (factor, destination block) pairs a half-step sends, from the raw ratings: for each rating, the other
   * side's ID and the block of the side being solved, where the two blocks differ (a block's own rows are read
   * in place).
   */
  private static long crossings(Cluster c, boolean solvingUsers) {
    Set<String> pairs = new HashSet<>();
    c.ratings.forEach((user, row) -> row.keySet().forEach(item -> {
      int ub = RatingShuffle.blockOf(user, c.w);
      int ib = RatingShuffle.blockOf(item, c.w);
      if (ub == ib) return;
      pairs.add(solvingUsers ? item + "\u0000" + ub : user + "\u0000" + ib);
    }));
    return pairs.size();
  }

  /**
   * One worker: no fetch ever reaches another worker, and the member table, sent with the first command of the
   * epoch only, is still kept for the half-steps' sums after it.
   */
  @Test
  void oneWorkerGivesTheReferenceModel() throws Exception {
    Cluster c = new Cluster(1, 800, 4);
    InMemoryAlsPasses reference = new InMemoryAlsPasses(c.ratings, P);
    String usersAt = reference.solve(AlsPasses.Side.USERS, FactorSource.seeded(), 1).factors();
    String itemsAt = reference.solve(AlsPasses.Side.ITEMS, FactorSource.solved(usersAt), 1).factors();
    c.halfStep(AlsSide.USERS, 1, org.shardtrain.yarn.protocol.FactorSource.INITIAL, null, folder("users-1"));
    c.halfStep(AlsSide.ITEMS, 1, org.shardtrain.yarn.protocol.FactorSource.EXCHANGE, folder("users-1"), folder("items-1"));
    assertSame(reference.factors(usersAt), read(c.conf, folder("users-1")), "users");
    assertSame(reference.factors(itemsAt), read(c.conf, folder("items-1")), "items");
  }

  @Test
  void aReplacementServesItsPredecessorsFactorsFromItsPartAndTheModelIsUnchanged() throws Exception {
    Cluster c = new Cluster(3, 2_000, 5);
    InMemoryAlsPasses reference = new InMemoryAlsPasses(c.ratings, P);
    String usersAt = reference.solve(AlsPasses.Side.USERS, FactorSource.seeded(), 1).factors();
    String itemsAt = reference.solve(AlsPasses.Side.ITEMS, FactorSource.solved(usersAt), 1).factors();
    c.halfStep(AlsSide.USERS, 1, org.shardtrain.yarn.protocol.FactorSource.INITIAL, null, folder("users-1"));
    // Worker 1 is lost after the users half-step. Its replacement reads its shards again (the setup it replays),
    // then, on the half-step, pulls its blocks' ratings from the others and serves its predecessor's factors
    // from its part.
    c.servers[1] = null;
    c.streams[1] = null;
    c.epoch++; // the replacement's registration starts a new membership epoch
    c.workers[1] = c.start(1, 60_000);
    c.workers[1].run(new AlsLoad(new org.apache.hadoop.fs.Path(dir.resolve("rejects-1").toUri()).toString(),
        ShardPlan.of(c.conf, c.input, 3).message(), null));
    c.halfStep(AlsSide.ITEMS, 1, org.shardtrain.yarn.protocol.FactorSource.EXCHANGE, folder("users-1"), folder("items-1"));
    assertSame(reference.factors(itemsAt), read(c.conf, folder("items-1")), "items after the replacement");
  }

  @Test
  void aSenderThatNeverHoldsTheStepFailsTheHalfStepNamingIt() throws Exception {
    Cluster c = new Cluster(2, 500, 3);
    c.workers[0].fetchTimeout(300);
    c.halfStep(AlsSide.USERS, 1, org.shardtrain.yarn.protocol.FactorSource.INITIAL, null, folder("users-1"));
    c.servers[1] = (step, to, first, max) -> FactorChunk.notHeld(); // worker 1 stuck before it kept users-1
    long started = System.nanoTime();
    Collectives.CollectiveFailed e = assertThrows(Collectives.CollectiveFailed.class, () -> c.workers[0].run(new AlsSolve(
        AlsSide.ITEMS, 1, org.shardtrain.yarn.protocol.FactorSource.EXCHANGE, folder("users-1"), null, folder("items-1"),
        new Members(1L, 99L, List.of("a:1", "b:1")))));
    double seconds = (System.nanoTime() - started) / 1e9;
    assertEquals("worker 0: no factors of users-1 from worker 1 within 0.3 s: worker 1 does not hold factors of users-1 yet",
        e.getMessage());
    assertTrue(seconds >= 0.3 && seconds < 5, seconds + " s");
  }

  private String folder(String name) { return new org.apache.hadoop.fs.Path(dir.resolve(name).toUri()).toString(); }

  private static Map<String, double[]> read(Configuration conf, String folder) throws IOException {
    Map<String, double[]> out = new HashMap<>();
    FactorFiles.readFolder(conf, new org.apache.hadoop.fs.Path(folder), (id, x, n) -> out.put(id, java.util.Arrays.copyOf(x, n)));
    return out;
  }

  private static void assertSame(Map<String, double[]> want, Map<String, double[]> got, String what) {
    assertEquals(want.keySet(), got.keySet(), what);
    want.forEach((id, x) -> assertArrayEquals(x, got.get(id), 0.0, what + ", " + id));
  }
}
