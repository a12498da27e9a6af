package org.shardtrain.yarn.collective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.Token;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shardtrain.yarn.rpc.WorkerToken;

/**
 * Allreduces between worker endpoints over real Hadoop IPC on local ports, as the workers of one application
 * run them: the tree and the ring give the bits the in-process run gives; a caller without the application's
 * token, or with another application's, is refused; a message of an older membership epoch is refused and a
 * member waiting in an old epoch is woken with an error. Also prints the latency and throughput of one
 * message, the constants of the tree/ring crossover (docs/scaling.md).
 */
class PeerEndpointTest {
  static final String APP = "application_7_0001";
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();
  static final int MEMBERS = 6;
  static final List<PeerEndpoint> endpoints = new ArrayList<>();
  static final List<InetSocketAddress> addresses = new ArrayList<>();
  static Token<WorkerToken.Identifier> token;

  @BeforeAll
  static void start() throws Exception {
    token = new WorkerToken.Manager(SECRET, APP).token();
    for (int i = 0; i < MEMBERS; i++) {
      PeerEndpoint e = PeerEndpoint.start(new Configuration(), token, 2);
      endpoints.add(e);
      addresses.add(new InetSocketAddress("127.0.0.1", e.port()));
    }
  }

  @AfterAll
  static void stop() {
    for (PeerEndpoint e : endpoints) e.close();
  }

  private static UserGroupInformation worker(Token<WorkerToken.Identifier> held) {
    UserGroupInformation ugi = UserGroupInformation.createRemoteUser("worker");
    if (held != null) ugi.addToken(held);
    return ugi;
  }

  private static double[][] allreduce(Schedule schedule, double[][] inputs, long epoch, long collective) throws Exception {
    int n = inputs[0].length;
    double[][] out = new double[MEMBERS][];
    ExecutorService pool = Executors.newFixedThreadPool(MEMBERS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int r = 0; r < MEMBERS; r++) {
        int rank = r;
        out[r] = inputs[r].clone();
        done.add(pool.submit(() -> worker(token).doAs((java.security.PrivilegedExceptionAction<Void>) () -> {
          Link link = endpoints.get(rank).link(rank, epoch, collective, addresses);
          new AllreduceMember(rank, link).allreduce(out[rank], schedule.roundsOf(rank, MEMBERS, n));
          return null;
        })));
      }
      for (Future<?> f : done) f.get();
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  @Test
  void treeAndRingOverIpcGiveTheInProcessBitsOnEveryMember() throws Exception {
    Random random = new Random(3);
    double[][] x = new double[MEMBERS][20_001];
    for (double[] v : x) for (int i = 0; i < v.length; i++) v[i] = random.nextGaussian() * Math.pow(10, random.nextInt(6) - 3);
    long collective = 0;
    for (Schedule s : new Schedule[] {new TreeSchedule(), new RingSchedule()}) {
      double[][] expected = QueueLinks.allreduce(s, x, Reduction.SUM);
      double[][] got = allreduce(s, x, 1, ++collective);
      for (int r = 0; r < MEMBERS; r++) assertArrayEquals(expected[0], got[r], 0, s.name() + ", member " + r);
    }
  }

  @Test
  void aCallerWithoutTheApplicationsTokenIsRefused() {
    Token<WorkerToken.Identifier> other = new WorkerToken.Manager(SECRET, "application_7_0002").token();
    for (Token<WorkerToken.Identifier> held : java.util.Arrays.asList(null, other)) {
      Exception e = assertThrows(Exception.class, () -> worker(held).doAs((java.security.PrivilegedExceptionAction<Void>) () -> {
        endpoints.get(0).link(0, 1, 99, addresses).send(1, 0, new double[] {1}, 1);
        return null;
      }));
      String why = chain(e);
      assertTrue(held == null ? why.contains("SIMPLE authentication is not enabled") : why.contains("application_7_0002"), why);
    }
  }

  @Test
  void aMessageOfAnOlderEpochIsRefusedAndAWaitingMemberIsWoken() throws Exception {
    PeerEndpoint a = PeerEndpoint.start(new Configuration(), token, 1);
    PeerEndpoint b = PeerEndpoint.start(new Configuration(), token, 1);
    try {
      List<InetSocketAddress> two = List.of(new InetSocketAddress("127.0.0.1", a.port()), new InetSocketAddress("127.0.0.1", b.port()));
      b.epoch(5);
      Exception late = assertThrows(Exception.class, () -> worker(token).doAs((java.security.PrivilegedExceptionAction<Void>) () -> {
        a.link(0, 4, 1, two).send(1, 0, new double[] {42}, 1); // a zombie of epoch 4
        return null;
      }));
      assertTrue(chain(late).contains("membership epoch 4") && chain(late).contains("refused"), chain(late));
      assertTrue(b.held() == 0, "nothing of the old epoch is held");

      ExecutorService waiter = Executors.newSingleThreadExecutor();
      Future<double[]> waiting = waiter.submit(() -> b.link(1, 5, 2, two).receive(0, 0));
      Thread.sleep(200);
      b.epoch(6); // the pass is redone after a replacement: the old wait must not hang
      Exception woken = assertThrows(Exception.class, waiting::get);
      assertTrue(chain(woken).contains("moved to epoch 6"), chain(woken));
      waiter.shutdownNow();
    } finally {
      a.close();
      b.close();
    }
  }

  /**
   * ALS's pull over real IPC: what a worker's factor server answers reaches the fetching worker intact, a
   * worker serving nothing yet answers "not held", a fetch of an older epoch is refused, and a caller without
   * the application's token is refused.
   */
  @Test
  void factorsArePulledWithTheTokenAndAnOlderEpochIsRefused() throws Exception {
    PeerEndpoint a = PeerEndpoint.start(new Configuration(), token, 1);
    PeerEndpoint b = PeerEndpoint.start(new Configuration(), token, 1);
    try {
      InetSocketAddress atA = new InetSocketAddress("127.0.0.1", a.port());
      java.security.PrivilegedExceptionAction<FactorChunk> fetch = () -> b.fetch(atA, 3, "users-2", 1, 4, 2);
      FactorChunk none = worker(token).doAs(fetch);
      assertTrue(!none.held(), "nothing served yet");

      double[] values = new Random(3).doubles(2 * 5).toArray();
      a.serveFactors((step, to, first, max) -> FactorChunk.of(10, 5, 77L, first, Math.min(max, 2),
          step.equals("users-2") && to == 1 ? values : new double[0]));
      FactorChunk got = worker(token).doAs(fetch);
      assertTrue(got.held());
      assertArrayEquals(values, got.values(), 0.0);
      assertTrue(got.totalRows() == 10 && got.rank() == 5 && got.digest() == 77L && got.firstRow() == 4 && got.rows() == 2,
          "header");

      a.epoch(4);
      Exception old = assertThrows(Exception.class, () -> worker(token).doAs(fetch));
      assertTrue(chain(old).contains("epoch 3") && chain(old).contains("refused"), chain(old));
      Exception anonymous = assertThrows(Exception.class, () -> worker(null).doAs(fetch));
      assertTrue(chain(anonymous).contains("SIMPLE authentication is not enabled"), chain(anonymous));
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  void oneMessagesLatencyAndThroughput() throws Exception {
    // Member 0 sends to member 1 and member 1 answers (a round trip of two messages), small and large.
    for (int values : new int[] {1, 1 << 20}) {
      int trips = values == 1 ? 300 : 8;
      double[] v = new double[values];
      long collective = 1000 + values;
      long start = System.nanoTime();
      worker(token).doAs((java.security.PrivilegedExceptionAction<Void>) () -> {
        ExecutorService echo = Executors.newSingleThreadExecutor();
        Future<?> other = echo.submit(() -> worker(token).doAs((java.security.PrivilegedExceptionAction<Void>) () -> {
          Link l1 = endpoints.get(1).link(1, 1, collective, addresses);
          for (int t = 0; t < trips; t++) l1.send(0, 2 * t + 1, l1.receive(0, 2 * t), values);
          return null;
        }));
        Link l0 = endpoints.get(0).link(0, 1, collective, addresses);
        for (int t = 0; t < trips; t++) {
          l0.send(1, 2 * t, v, values);
          l0.receive(1, 2 * t + 1);
        }
        other.get();
        echo.shutdown();
        return null;
      });
      double perMessage = (System.nanoTime() - start) / 1e9 / (2.0 * trips);
      System.out.printf("peer message of %d doubles over loopback IPC: %.1f µs%s%n", values, perMessage * 1e6,
          values > 1 ? String.format(" (%.0f MB/s)", 8.0 * values / perMessage / 1e6) : "");
    }
  }

  private static String chain(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) sb.append(t).append(" | ");
    return sb.toString();
  }
}
