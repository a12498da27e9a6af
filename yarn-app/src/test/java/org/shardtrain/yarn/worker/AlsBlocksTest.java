package org.shardtrain.yarn.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.als.AlsParams;
import org.shardtrain.core.als.AlsPasses;
import org.shardtrain.core.als.FactorBlock;
import org.shardtrain.core.als.FactorSource;
import org.shardtrain.core.als.InMemoryAlsPasses;
import org.shardtrain.core.als.RatingBlock;
import org.shardtrain.core.kernel.CpuKernels;
import org.shardtrain.yarn.protocol.AlsSide;

/**
 * ALS on YARN's worker pieces in one process — blocks by ID hash, factor blocks received through
 * {@link FactorSources} and {@link FactorExchange} (streamed exchange files on the local filesystem), each
 * block solved and published as {@link AlsWorker} does — give the reference engine's factors bit for bit
 * (explicit feedback; the test is the worker side of what the integration tests run on a cluster).
 */
class AlsBlocksTest {
  @TempDir Path dir;

  @Test
  void threeBlocksGiveTheReferenceEnginesFactorsBitForBit() throws IOException {
    int blocks = 3;
    AlsParams p = new AlsParams(4, 0.1, false, 1, 2, 7, null, 0, AlsParams.ColdStart.DROP);
    Random r = new Random(12);
    Map<String, Map<String, Double>> ratings = new TreeMap<>();
    RatingBlock.Builder[] users = new RatingBlock.Builder[blocks];
    RatingBlock.Builder[] items = new RatingBlock.Builder[blocks];
    for (int b = 0; b < blocks; b++) {
      users[b] = new RatingBlock.Builder();
      items[b] = new RatingBlock.Builder();
    }
    for (int n = 0; n < 2_000; n++) {
      String u = "u" + r.nextInt(150);
      String i = String.valueOf(r.nextInt(60));
      if (ratings.computeIfAbsent(u, x -> new TreeMap<>()).putIfAbsent(i, 1.0 + r.nextInt(5)) != null) continue;
      double rating = ratings.get(u).get(i);
      users[RatingShuffle.blockOf(u, blocks)].add(u, i, rating);
      items[RatingShuffle.blockOf(i, blocks)].add(i, u, rating);
    }
    RatingBlock[] userBlocks = new RatingBlock[blocks];
    RatingBlock[] itemBlocks = new RatingBlock[blocks];
    ExchangeOrder[] userOrders = new ExchangeOrder[blocks];
    ExchangeOrder[] itemOrders = new ExchangeOrder[blocks];
    FactorSources[] sources = new FactorSources[blocks];
    FactorExchange[] exchanges = new FactorExchange[blocks];
    Configuration conf = new Configuration();
    org.apache.hadoop.fs.Path exchange = new org.apache.hadoop.fs.Path(dir.resolve("exchange").toUri());
    for (int b = 0; b < blocks; b++) {
      userBlocks[b] = users[b].build();
      itemBlocks[b] = items[b].build();
      userOrders[b] = new ExchangeOrder(userBlocks[b], blocks);
      itemOrders[b] = new ExchangeOrder(itemBlocks[b], blocks);
      exchanges[b] = new FactorExchange(conf, exchange, b, blocks);
      sources[b] = new FactorSources(conf, exchanges[b], p.seed(), p.rank());
    }

    InMemoryAlsPasses reference = new InMemoryAlsPasses(ratings, p);
    String itemsAt = null;
    try (CpuKernels kernels = new CpuKernels(2)) {
      for (int t = 1; t <= 2; t++) {
        String usersAt = reference.solve(AlsPasses.Side.USERS,
            itemsAt == null ? FactorSource.seeded() : FactorSource.solved(itemsAt), t).factors();
        itemsAt = reference.solve(AlsPasses.Side.ITEMS, FactorSource.solved(usersAt), t).factors();
        org.apache.hadoop.fs.Path userFolder = folder("users-" + t);
        org.apache.hadoop.fs.Path itemFolder = folder("items-" + t);
        for (int b = 0; b < blocks; b++) {
          halfStep(b, AlsSide.USERS, t, userBlocks[b], userOrders[b], sources[b], exchanges[b], p, kernels, userFolder);
        }
        for (int b = 0; b < blocks; b++) {
          halfStep(b, AlsSide.ITEMS, t, itemBlocks[b], itemOrders[b], sources[b], exchanges[b], p, kernels, itemFolder);
        }
        assertSame(reference.factors(usersAt), read(conf, userFolder), "users, iteration " + t);
        assertSame(reference.factors(itemsAt), read(conf, itemFolder), "items, iteration " + t);
      }
    }
  }

  /** {@link AlsWorker}'s half-step: the other side's factors in, this block's solved factors out. */
  private static void halfStep(int b, AlsSide side, int t, RatingBlock block, ExchangeOrder order, FactorSources sources,
                               FactorExchange exchange, AlsParams p, CpuKernels kernels, org.apache.hadoop.fs.Path folder)
      throws IOException {
    boolean users = side == AlsSide.USERS;
    org.shardtrain.yarn.protocol.FactorSource source = users && t == 1
        ? org.shardtrain.yarn.protocol.FactorSource.INITIAL : org.shardtrain.yarn.protocol.FactorSource.EXCHANGE;
    FactorBlock other = sources.other(block, order, source, null, users ? "items-" + (t - 1) : "users-" + t);
    RatingBlock.Solved solved = block.solve(other, p, null, kernels);
    exchange.publish(block, solved.factors(), order, folder, (users ? "users-" : "items-") + t);
  }

  private org.apache.hadoop.fs.Path folder(String name) {
    return new org.apache.hadoop.fs.Path(dir.resolve("checkpoint").resolve(name).toUri());
  }

  private static Map<String, double[]> read(Configuration conf, org.apache.hadoop.fs.Path folder) throws IOException {
    Map<String, double[]> out = new HashMap<>();
    FactorFiles.readFolder(conf, folder, (id, x, n) -> out.put(id, java.util.Arrays.copyOf(x, n)));
    return out;
  }

  private static void assertSame(Map<String, double[]> want, Map<String, double[]> got, String what) {
    assertEquals(want.keySet(), got.keySet(), what);
    want.forEach((id, x) -> assertArrayEquals(x, got.get(id), 0.0, what + ", " + id));
  }
}
