package org.shardtrain.yarn.collective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/**
 * The broadcast without a hub: for 1 to 17 members and lengths from empty to not a multiple of the members,
 * with messages arriving in random order, every member ends with member 0's vector bit for bit; member 0 sends
 * it once (no more values than it has) and every other member receives exactly its length and sends less.
 */
class BroadcastTest {
  @Test
  void everyMemberGetsMemberZerosVectorAndNoMemberMovesMoreThanItsLength() throws Exception {
    Random r = new Random(5);
    for (int members : new int[] {1, 2, 3, 4, 7, 16, 17}) {
      for (int length : new int[] {0, 1, 5, 16, 1_001}) {
        double[] values = r.doubles(length).map(x -> x * 1e6 - 5e5).toArray();
        QueueLinks links = new QueueLinks(50);
        AtomicLongArray sent = new AtomicLongArray(members);
        AtomicLongArray received = new AtomicLongArray(members);
        ExecutorService pool = Executors.newFixedThreadPool(members);
        try {
          List<Future<double[]>> got = new ArrayList<>();
          for (int m = 0; m < members; m++) {
            int rank = m;
            Link counted = counting(links.of(rank), rank, sent, received);
            got.add(pool.submit(() -> Broadcast.run(rank, members, counted, rank == 0 ? values.clone() : null)));
          }
          for (int m = 0; m < members; m++) {
            assertArrayEquals(values, got.get(m).get(), 0.0, members + " members, length " + length + ", member " + m);
            if (m == 0) {
              assertTrue(sent.get(0) <= length && received.get(0) == 0, "member 0 sends its vector once");
            } else {
              assertTrue(received.get(m) == length, "member " + m + " receives the vector once: " + received.get(m));
              assertTrue(sent.get(m) <= length, "member " + m + " sends less than the vector: " + sent.get(m));
            }
          }
        } finally {
          pool.shutdownNow();
        }
      }
    }
  }

  private static Link counting(Link link, int rank, AtomicLongArray sent, AtomicLongArray received) {
    return new Link() {
      @Override
      public void send(int to, int round, double[] values, int length) throws java.io.IOException {
        sent.addAndGet(rank, length);
        link.send(to, round, values, length);
      }

      @Override
      public double[] receive(int from, int round) throws java.io.IOException, InterruptedException {
        double[] v = link.receive(from, round);
        received.addAndGet(rank, v.length);
        return v;
      }
    };
  }
}
