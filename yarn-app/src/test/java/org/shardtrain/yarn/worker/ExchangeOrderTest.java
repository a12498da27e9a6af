package org.shardtrain.yarn.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.als.FactorBlock;
import org.shardtrain.core.als.RatingBlock;

/**
 * ALS factors travel between blocks without IDs: what user block s sends item block b must be, row for row,
 * what b expects from s. Built here as the workers build them (ratings routed by ID hash to their user and
 * item blocks), then served as a sender's {@link OutBlocks} serves them.
 */
class ExchangeOrderTest {
  @Test
  void whatOneBlockSendsIsWhatTheOtherExpectsRowForRow() {
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

        // Served as a sender serves it: each factor of the chunk is the factor of its ID's row.
        OutBlocks out = new OutBlocks();
        out.keep("users-1", FactorBlock.wrap(factors, k), userOrders[s]);
        org.shardtrain.yarn.collective.FactorChunk c = out.serve("users-1", b, 0, Integer.MAX_VALUE);
        assertEquals(itemOrders[b].receives[s].length, c.totalRows());
        for (int p = 0; p < c.rows(); p++) {
          int row = userOrders[s].sends[b][p];
          assertEquals(itemBlocks[b].otherIds()[itemOrders[b].receives[s][p]], userBlocks[s].id(row));
          assertArrayEquals(java.util.Arrays.copyOfRange(factors, row * k, row * k + k),
              java.util.Arrays.copyOfRange(c.values(), p * k, p * k + k));
        }
      }
    }
  }
}
