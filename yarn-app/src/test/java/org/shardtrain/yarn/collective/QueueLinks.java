package org.shardtrain.yarn.collective;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * In-process links between W members (one thread each): a mailbox per (receiver, sender, round). With
 * {@code jitter}, each send first sleeps a random 0–{@code jitter} µs, so messages arrive in a different order
 * on every run.
 */
final class QueueLinks {
  private final ConcurrentHashMap<String, BlockingQueue<double[]>> boxes = new ConcurrentHashMap<>();
  private final int jitterMicros;

  QueueLinks(int jitterMicros) { this.jitterMicros = jitterMicros; }

  private BlockingQueue<double[]> box(int to, int from, int round) {
    return boxes.computeIfAbsent(to + "/" + from + "/" + round, k -> new LinkedBlockingQueue<>());
  }

  Link of(int rank) {
    return new Link() {
      @Override
      public void send(int to, int round, double[] values, int length) {
        if (jitterMicros > 0) {
          long nanos = ThreadLocalRandom.current().nextLong(jitterMicros * 1000L + 1);
          java.util.concurrent.locks.LockSupport.parkNanos(nanos);
        }
        box(to, rank, round).add(java.util.Arrays.copyOf(values, length));
      }

      @Override
      public double[] receive(int from, int round) throws InterruptedException {
        double[] v = box(rank, from, round).poll(60, TimeUnit.SECONDS);
        if (v == null) throw new IllegalStateException("member " + rank + " waited 60 s for round " + round + " from " + from);
        boxes.remove(rank + "/" + from + "/" + round);
        return v;
      }
    };
  }

  /** Runs {@code schedule} with {@code reduction} over {@code inputs} (one thread per member); the members' results. */
  static double[][] allreduce(Schedule schedule, double[][] inputs, Reduction reduction) throws Exception {
    int members = inputs.length;
    int length = inputs[0].length;
    QueueLinks links = new QueueLinks(0);
    double[][] out = new double[members][];
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(members);
    try {
      java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int r = 0; r < members; r++) {
        int rank = r;
        out[r] = inputs[r].clone();
        done.add(pool.submit(() -> {
          new AllreduceMember(rank, links.of(rank)).allreduce(out[rank], schedule.roundsOf(rank, members, length), reduction);
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> f : done) f.get();
    } finally {
      pool.shutdownNow();
    }
    return out;
  }
}
