package org.shardtrain.yarn.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.DataOutputBuffer;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.als.FactorBlock;
import org.shardtrain.core.als.RatingBlock;
import org.shardtrain.yarn.collective.FactorChunk;
import org.shardtrain.yarn.collective.FactorServer;
import org.shardtrain.yarn.protocol.Members;

/**
 * One pair's in-block pulled in chunks: an out-block of 4.8 MB (1,000 item factors of rank 600) crosses in more
 * than one fetch of at most {@link FactorPull#CHUNK_BYTES}, from a sender's chunked factor block into a receiver's
 * chunked block, every factor landing in the row of its ID; a sender whose rows are other IDs is refused.
 */
class FactorPullTest {
  private static final int RANK = 600;

  /** IDs that hash to {@code block} of 2. */
  private static List<String> idsOf(String prefix, int block, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; out.size() < n; i++) if (RatingShuffle.blockOf(prefix + i, 2) == block) out.add(prefix + i);
    return out;
  }

  @Test
  void aLargeOutBlockCrossesInChunksIntoTheRowsOfItsIds() throws Exception {
    List<String> items = idsOf("i", 0, 1_000);
    List<String> users = idsOf("u", 1, 300);
    Random r = new Random(9);
    RatingBlock.Builder byItem = new RatingBlock.Builder(); // block 0's items (the sender)
    RatingBlock.Builder byUser = new RatingBlock.Builder(); // block 1's users (the receiver)
    for (String item : items) {
      String user = users.get(r.nextInt(users.size()));
      byItem.add(item, user, 1.0);
      byUser.add(user, item, 1.0);
    }
    RatingBlock sendingItems = byItem.build();
    RatingBlock receivingUsers = byUser.build();
    FactorBlock solved = new FactorBlock(sendingItems.size(), RANK, RANK * 7); // 7 rows a chunk
    for (long i = 0; i < solved.doubles(); i++) solved.set(i, r.nextGaussian());
    OutBlocks sender = new OutBlocks();
    sender.keep("items-3", solved, new ExchangeOrder(sendingItems, 2));

    AtomicInteger fetches = new AtomicInteger();
    FactorPull pull = pullFrom(sender, fetches);
    FactorBlock in = new FactorBlock(receivingUsers.otherIds().length, RANK, RANK * 3);
    pull.receive(new ExchangeOrder(receivingUsers, 2), "items-3", members(), in);

    int perFetch = FactorPull.CHUNK_BYTES / (RANK * Double.BYTES);
    assertEquals((items.size() + perFetch - 1) / perFetch, fetches.get(), "fetches of at most " + perFetch + " rows");
    assertTrue(fetches.get() > 1);
    for (int i = 0; i < receivingUsers.otherIds().length; i++) {
      String id = receivingUsers.otherIds()[i];
      assertArrayEquals(solved.row(sendingItems.row(id)), in.row(i), 0.0, id);
    }
  }

  @Test
  void aSenderOfOtherIdsIsRefused() throws Exception {
    List<String> items = idsOf("i", 0, 10);
    List<String> users = idsOf("u", 1, 3);
    RatingBlock.Builder byItem = new RatingBlock.Builder();
    RatingBlock.Builder byUser = new RatingBlock.Builder();
    for (int i = 0; i < items.size(); i++) {
      byItem.add(items.get(i), users.get(i % 3), 1.0);
      // The receiver's ratings name one item the sender does not own: same count, different IDs.
      byUser.add(users.get(i % 3), i == 4 ? idsOf("x", 0, 1).get(0) : items.get(i), 1.0);
    }
    RatingBlock sendingItems = byItem.build();
    OutBlocks sender = new OutBlocks();
    sender.keep("items-1", new FactorBlock(sendingItems.size(), 2), new ExchangeOrder(sendingItems, 2));
    RatingBlock receivingUsers = byUser.build();
    FactorBlock in = new FactorBlock(receivingUsers.otherIds().length, 2);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> pullFrom(sender, new AtomicInteger())
        .receive(new ExchangeOrder(receivingUsers, 2), "items-1", members(), in));
    assertEquals("block 0 sent 10 factors of rank 2 for items-1, block 1 expected 10 of rank 2 (different IDs)",
        e.getMessage());
  }

  private static Members members() { return new Members(1L, 1L, List.of("a:1", "b:1")); }

  /** Worker 1's pull, fetching from {@code sender} (worker 0) with every chunk written and read back as IPC would. */
  private static FactorPull pullFrom(FactorServer sender, AtomicInteger fetches) {
    Collectives.AlsPeers peers = new Collectives.AlsPeers() {
      @Override public void serve(FactorServer factors, org.shardtrain.yarn.collective.StreamServer streams) {}

      @Override
      public org.shardtrain.yarn.collective.ByteChunk fetchStream(Members m, int from, String name, long offset, int max) {
        throw new UnsupportedOperationException("factors only");
      }

      @Override
      public FactorChunk fetch(Members m, int from, String step, int to, int first, int max) throws IOException {
        fetches.incrementAndGet();
        DataOutputBuffer out = new DataOutputBuffer();
        sender.serve(step, to, first, max).write(out);
        DataInputBuffer in = new DataInputBuffer();
        in.reset(out.getData(), out.getLength());
        FactorChunk c = new FactorChunk();
        c.readFields(in);
        return c;
      }
    };
    return new FactorPull(new Collectives((slot, m, s) -> null, peers, 1, null), new OutBlocks(), 1, 10_000);
  }
}
