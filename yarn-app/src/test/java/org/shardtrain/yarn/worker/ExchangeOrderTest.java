package org.shardtrain.yarn.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.als.FactorBlock;
import org.shardtrain.core.als.RatingBlock;

/**
 * ALS exchange files carry factors without IDs: what user block s sends item block b must be, row for row,
 * what b expects from s. Built here as the workers build them (ratings routed by ID hash to their user and
 * item blocks), then a real exchange file written and read back on the local filesystem.
 */
class ExchangeOrderTest {
  @TempDir Path dir;

  @Test
  void whatOneBlockSendsIsWhatTheOtherExpectsRowForRow() throws IOException {
    int blocks = 3;
    int k = 4;
    Random r = new Random(9);
    RatingBlock.Builder[] users = new RatingBlock.Builder[blocks];
    RatingBlock.Builder[] items = new RatingBlock.Builder[blocks];
    for (int b = 0; b < blocks; b++) {
      users[b] = new RatingBlock.Builder();
      items[b] = new RatingBlock.Builder();
    }
    java.util.Set<String> pairs = new java.util.HashSet<>();
    for (int n = 0; n < 3000; n++) {
      String u = "u" + r.nextInt(400);
      String i = String.valueOf(r.nextInt(90)); // numeric and text IDs sort differently: both kinds here
      if (!pairs.add(u + "/" + i)) continue;
      double rating = 1 + r.nextInt(5);
      users[RatingShuffle.blockOf(u, blocks)].add(u, i, rating);
      items[RatingShuffle.blockOf(i, blocks)].add(i, u, rating);
    }
    RatingBlock[] userBlocks = new RatingBlock[blocks];
    RatingBlock[] itemBlocks = new RatingBlock[blocks];
    ExchangeOrder[] userOrders = new ExchangeOrder[blocks];
    ExchangeOrder[] itemOrders = new ExchangeOrder[blocks];
    for (int b = 0; b < blocks; b++) {
      userBlocks[b] = users[b].build();
      itemBlocks[b] = items[b].build();
      userOrders[b] = new ExchangeOrder(userBlocks[b], blocks);
      itemOrders[b] = new ExchangeOrder(itemBlocks[b], blocks);
    }
    Configuration conf = new Configuration();
    for (int s = 0; s < blocks; s++) {
      double[] factors = new double[userBlocks[s].size() * k];
      for (int i = 0; i < factors.length; i++) factors[i] = r.nextGaussian();
      for (int b = 0; b < blocks; b++) {
        // The same IDs in the same order on both sides.
        List<String> sent = new ArrayList<>();
        for (int row : userOrders[s].sends[b]) sent.add(userBlocks[s].id(row));
        List<String> expected = new ArrayList<>();
        for (int row : itemOrders[b].receives[s]) expected.add(itemBlocks[b].otherIds()[row]);
        assertEquals(expected, sent, "user block " + s + " to item block " + b);
        assertEquals(itemOrders[b].receiveDigests[s], userOrders[s].sendDigests[b]);

        // A real file: each factor lands on the row of its ID.
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.resolve("to-" + b + "-from-" + s).toUri());
        FactorFiles.writeExchange(conf, file, userOrders[s].sends[b], userOrders[s].sendDigests[b], FactorBlock.wrap(factors, k));
        double[] into = new double[itemBlocks[b].otherIds().length * k];
        FactorFiles.readExchange(conf, file, s, itemOrders[b].receives[s], itemOrders[b].receiveDigests[s],
            FactorBlock.wrap(into, k));
        for (int row : userOrders[s].sends[b]) {
          int there = itemBlocks[b].otherIndex(userBlocks[s].id(row));
          assertArrayEquals(java.util.Arrays.copyOfRange(factors, row * k, row * k + k),
              java.util.Arrays.copyOfRange(into, there * k, there * k + k));
        }
      }
    }
    // A file meant for other rows (another digest) is refused, not spread over the wrong IDs.
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.resolve("to-0-from-1").toUri());
    double[] into = new double[itemBlocks[0].otherIds().length * k];
    IOException e = assertThrows(IOException.class, () -> FactorFiles.readExchange(conf, file, 1,
        itemOrders[0].receives[1], itemOrders[0].receiveDigests[1] + 1, FactorBlock.wrap(into, k)));
    assertTrue(e.getMessage().contains("different IDs"), e.getMessage());
  }
}
