package org.shardtrain.yarn.worker;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.shardtrain.core.als.AlsParams;
import org.shardtrain.core.als.InitialFactors;
import org.shardtrain.core.als.RatingBlock;
import org.shardtrain.formats.input.RatingInputFormat;
import org.shardtrain.formats.input.ShardReader;
import org.shardtrain.yarn.am.ShardPlan;
import org.shardtrain.yarn.protocol.AlsLoaded;
import org.shardtrain.yarn.protocol.Members;

/**
 * ALS's rating shuffle among the workers. {@link #scatter}: a worker reads its shards once and routes every
 * training rating to its user block and its item block, every test rating to its user block, into streams on
 * its local disks ({@link RoutedStreams}: {@code <side>-<block>}, records of UTF own ID, UTF other ID, double
 * rating). {@link #gather}: a worker pulls from every worker the streams routed to its own blocks (its own from
 * disk). Nothing goes through HDFS: the routing files were 3·W² creates at load.
 */
final class RatingShuffle {
  /** Which of a block's rating files: training ratings by user, by item, and test ratings by user. */
  private enum Side {
    USERS("u"), ITEMS("i"), TEST("t");

    final String prefix;

    Side(String prefix) { this.prefix = prefix; }
  }

  /** A worker's blocks after the gather: its user block, its item block, and its share of the test ratings. */
  record Blocks(RatingBlock users, RatingBlock items, HeldOutRatings test) {}

  private final Configuration conf;
  private final RoutedStreams routed;
  private final int slot;
  private final int blocks;
  private final AlsParams params;

  RatingShuffle(Configuration conf, RoutedStreams routed, int slot, int blocks, AlsParams params) {
    this.conf = conf;
    this.routed = routed;
    this.slot = slot;
    this.blocks = blocks;
    this.params = params;
  }

  /** The block (worker) that owns a user's or an item's factor. */
  static int blockOf(String id, int blocks) { return (id.hashCode() & Integer.MAX_VALUE) % blocks; }

  /** Reads this worker's shards and routes each rating; the counts go to the AM (the global mean, the record counts). */
  AlsLoaded scatter(String rejectsDir, List<ShardPlan.Shard> train, List<ShardPlan.Shard> test) throws Exception {
    AlsLoaded loaded = new AlsLoaded(0L, 0L, 0L, 0.0, 0L);
    try (Router routes = new Router()) {
      try (ShardReader reader = new ShardReader(conf, rejectsDir, slot)) {
        reader.read(new RatingInputFormat(), ShardPlan.splits(train), Ratings::of, r -> {
          loaded.setRecords(loaded.getRecords() + 1);
          routes.route(r, InitialFactors.isTest(params.seed(), params.testFraction(), r.user(), r.item()), loaded);
        });
        loaded.setBadRecords(reader.badRecords());
        if (test != null) {
          try (ShardReader testReader = new ShardReader(conf, rejectsDir + "/test", slot)) {
            testReader.read(new RatingInputFormat(), ShardPlan.splits(test), Ratings::of, r -> routes.route(r, true, loaded));
          }
        }
      }
    }
    routed.written();
    return loaded;
  }

  /** Pulls the ratings every worker (the members of {@code members}) routed to this worker's blocks. */
  Blocks gather(Members members, Collectives collectives, PeerRetry retry) throws IOException, Collectives.CollectiveFailed {
    RatingBlock.Builder users = new RatingBlock.Builder();
    RatingBlock.Builder items = new RatingBlock.Builder();
    HeldOutRatings test = new HeldOutRatings(conf, params.rank());
    try {
      read(Side.USERS, users::add, members, collectives, retry);
      read(Side.ITEMS, items::add, members, collectives, retry);
      read(Side.TEST, test::add, members, collectives, retry);
    } catch (IOException e) {
      if (e.getCause() instanceof Collectives.CollectiveFailed failed) throw failed;
      throw e;
    }
    return new Blocks(users.build(), items.build(), test);
  }

  private interface Visitor {
    void visit(String own, String other, double rating);
  }

  private void read(Side side, Visitor visitor, Members members, Collectives collectives, PeerRetry retry)
      throws IOException {
    Map<String, String> ids = new HashMap<>(); // one String per distinct ID, not one per rating
    String name = side.prefix + "-" + slot;
    for (int from = 0; from < blocks; from++) {
      InputStream stream = from == slot ? routed.openLocal(name) : new PulledStream(collectives, retry, members, from, name);
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 16))) {
        while (true) {
          String own;
          try {
            own = in.readUTF();
          } catch (EOFException end) {
            break;
          }
          String other;
          double rating;
          try {
            other = in.readUTF();
            rating = in.readDouble();
          } catch (EOFException e) {
            throw new IOException("the ratings worker " + from + " routed to " + name + " end within a record");
          }
          visitor.visit(ids.computeIfAbsent(own, x -> x), ids.computeIfAbsent(other, x -> x), rating);
        }
      }
    }
  }

  /** This worker's open routed streams, one per (side, block), created on first use. */
  private final class Router implements AutoCloseable {
    private final Map<String, DataOutputStream> open = new HashMap<>();

    void route(RatingInputFormat.Record r, boolean isTest, AlsLoaded counts) throws IOException {
      if (isTest) {
        write(Side.TEST, blockOf(r.user(), blocks), r.user(), r.item(), r.rating());
        counts.setTestRatings(counts.getTestRatings() + 1);
      } else {
        write(Side.USERS, blockOf(r.user(), blocks), r.user(), r.item(), r.rating());
        write(Side.ITEMS, blockOf(r.item(), blocks), r.item(), r.user(), r.rating());
        counts.setTrainRatings(counts.getTrainRatings() + 1);
        counts.setRatingSum(counts.getRatingSum() + r.rating());
      }
    }

    private void write(Side side, int block, String own, String other, double rating) throws IOException {
      String key = side.prefix + "-" + block;
      DataOutputStream out = open.get(key);
      if (out == null) {
        // Up to 3 streams per block open at once (3·W): their buffers share ~16 MiB (the size model's rule).
        out = routed.create(key, org.shardtrain.core.als.AlsSizes.routingBufferBytes(blocks));
        open.put(key, out);
      }
      out.writeUTF(own);
      out.writeUTF(other);
      out.writeDouble(rating);
    }

    @Override
    public void close() throws IOException {
      for (DataOutputStream out : open.values()) out.close();
    }
  }

  private record Ratings(RatingInputFormat.Record r) implements ShardReader.Block {
    static ShardReader.Block of(RatingInputFormat.Record r) { return new Ratings(r); }
    @Override public String error() { return r.error(); }
    @Override public String file() { return r.file(); }
    @Override public String position() { return r.position(); }
    @Override public String raw() { return r.raw(); }
  }
}
