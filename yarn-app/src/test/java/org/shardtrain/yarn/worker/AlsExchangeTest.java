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
import org.shardtrain.core.als.RatingBlock;
import org.shardtrain.core.kernel.CpuKernels;
import org.shardtrain.yarn.collective.FactorChunk;
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
    final RatingBlock[] users;
    final RatingBlock[] items;
    final FactorServer[] servers;
    final AlsWorker[] workers;
    final AtomicLong fetchedValues = new AtomicLong();
    final Configuration conf;
    final CpuKernels kernels = new CpuKernels(1);
    final SimulatedWorkers.Mesh mesh;
    long collective;

    Cluster(int w, int ratingCount, long seed) {
      this.w = w;
      conf = CountingLocalFileSystem.install(new Configuration());
      conf.setInt("shardtrain.yarn.workers", w);
      conf.setInt("shardtrain.als.rank", P.rank());
      conf.set("shardtrain.als.lambda", String.valueOf(P.lambda()));
      conf.setLong("shardtrain.als.seed", P.seed());
      RatingBlock.Builder[] u = new RatingBlock.Builder[w];
      RatingBlock.Builder[] i = new RatingBlock.Builder[w];
      for (int b = 0; b < w; b++) {
        u[b] = new RatingBlock.Builder();
        i[b] = new RatingBlock.Builder();
      }
      Random r = new Random(seed);
      for (int n = 0; n < ratingCount; n++) {
        String user = "u" + r.nextInt(ratingCount / 8);
        String item = String.valueOf(r.nextInt(ratingCount / 20));
        if (ratings.computeIfAbsent(user, x -> new TreeMap<>()).putIfAbsent(item, 1.0 + r.nextInt(5)) != null) continue;
        double rating = ratings.get(user).get(item);
        u[RatingShuffle.blockOf(user, w)].add(user, item, rating);
        i[RatingShuffle.blockOf(item, w)].add(item, user, rating);
      }
      users = new RatingBlock[w];
      items = new RatingBlock[w];
      for (int b = 0; b < w; b++) {
        users[b] = u[b].build();
        items[b] = i[b].build();
      }
      mesh = new SimulatedWorkers.Mesh(w);
      servers = new FactorServer[w];
      workers = new AlsWorker[w];
      for (int b = 0; b < w; b++) workers[b] = start(b, 60_000);
    }

    /** A worker for block {@code b} holding its blocks, serving and pulling through this cluster. */
    AlsWorker start(int b, long fetchTimeoutMillis) {
      Collectives.FactorPeers peers = new Collectives.FactorPeers() {
        @Override public void serve(FactorServer server) { servers[b] = server; }

        @Override
        public FactorChunk fetch(Members m, int sender, String step, int toBlock, int first, int max) throws IOException {
          FactorServer s = servers[sender];
          if (s == null) throw new IOException("no worker " + sender);
          FactorChunk c = viaWire(s.serve(step, toBlock, first, max));
          fetchedValues.addAndGet(c.values().length);
          return c;
        }
      };
      AlsWorker worker = new AlsWorker(conf, b, kernels, new Collectives(mesh, peers, b, new NoAm()));
      worker.loadBlocks(users[b], items[b], fetchTimeoutMillis);
      return worker;
    }

    /** Every worker runs the half-step at once (they fetch from each other as they go); slot 0's totals. */
    AlsSolved halfStep(AlsSide side, int t, org.shardtrain.yarn.protocol.FactorSource source, String sourceFolder,
                       String folder) throws Exception {
      List<String> peers = new ArrayList<>();
      for (int b = 0; b < w; b++) peers.add("10.0.0." + b + ":4000");
      Members members = new Members(1L, ++collective, peers);
      ExecutorService pool = Executors.newFixedThreadPool(w);
      try {
        List<Future<Object>> done = new ArrayList<>();
        for (AlsWorker worker : workers) {
          done.add(pool.submit(() -> worker.run(new AlsSolve(side, t, source, sourceFolder, null, folder, members))));
        }
        AlsSolved total = null;
        for (int b = 0; b < w; b++) {
          AlsSolved s = (AlsSolved) done.get(b).get();
          if (b == 0) total = s;
          else assertEquals(0, s.getRatings(), "slot " + b + " answers zeros: slot 0 answers the totals");
        }
        return total;
      } finally {
        pool.shutdownNow();
      }
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

  private static FactorChunk viaWire(FactorChunk c) throws IOException {
    DataOutputBuffer out = new DataOutputBuffer();
    c.write(out);
    DataInputBuffer in = new DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    FactorChunk read = new FactorChunk();
    read.readFields(in);
    return read;
  }

  @Test
  void sixteenWorkersPullTheFactorsTheyNeedAndGiveTheReferenceModel() throws Exception {
    int w = 16;
    Cluster c = new Cluster(w, 6_000, 12);
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

  @Test
  void aReplacementServesItsPredecessorsFactorsFromItsPartAndTheModelIsUnchanged() throws Exception {
    Cluster c = new Cluster(3, 2_000, 5);
    InMemoryAlsPasses reference = new InMemoryAlsPasses(c.ratings, P);
    String usersAt = reference.solve(AlsPasses.Side.USERS, FactorSource.seeded(), 1).factors();
    String itemsAt = reference.solve(AlsPasses.Side.ITEMS, FactorSource.solved(usersAt), 1).factors();
    c.halfStep(AlsSide.USERS, 1, org.shardtrain.yarn.protocol.FactorSource.INITIAL, null, folder("users-1"));
    // Worker 1 is lost after the users half-step; its replacement holds its blocks but none of its factors.
    c.servers[1] = null;
    c.workers[1] = c.start(1, 60_000);
    c.halfStep(AlsSide.ITEMS, 1, org.shardtrain.yarn.protocol.FactorSource.EXCHANGE, folder("users-1"), folder("items-1"));
    assertSame(reference.factors(itemsAt), read(c.conf, folder("items-1")), "items after the replacement");
  }

  @Test
  void aSenderThatNeverHoldsTheStepFailsTheHalfStepNamingIt() throws Exception {
    Cluster c = new Cluster(2, 500, 3);
    c.workers[0] = c.start(0, 300);
    c.halfStep(AlsSide.USERS, 1, org.shardtrain.yarn.protocol.FactorSource.INITIAL, null, folder("users-1"));
    c.servers[1] = (step, to, first, max) -> FactorChunk.notHeld(); // worker 1 stuck before it kept users-1
    long started = System.nanoTime();
    Collectives.CollectiveFailed e = assertThrows(Collectives.CollectiveFailed.class, () -> c.workers[0].run(new AlsSolve(
        AlsSide.ITEMS, 1, org.shardtrain.yarn.protocol.FactorSource.EXCHANGE, folder("users-1"), null, folder("items-1"),
        new Members(1L, 99L, List.of("a:1", "b:1")))));
    double seconds = (System.nanoTime() - started) / 1e9;
    assertEquals("worker 0: no factors of users-1 from worker 1 within 0.3 s: worker 1 does not hold users-1 yet",
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
