package org.shardtrain.yarn.worker;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.als.AlsParams;
import org.shardtrain.core.als.InitialFactors;
import org.shardtrain.core.als.NormalEquation;
import org.shardtrain.core.als.RatingBlock;
import org.shardtrain.core.als.RatingErrors;
import org.shardtrain.core.kernel.DenseKernels;
import org.shardtrain.core.param.ParamSet;
import org.shardtrain.formats.input.RatingInputFormat;
import org.shardtrain.yarn.am.ShardPlan;
import org.shardtrain.yarn.am.WorkerPools;
import org.shardtrain.yarn.rpc.Bytes;

/**
 * A worker's ALS: user block {@code slot} and item block {@code slot} (an ID's block is its hash modulo the
 * worker count), their ratings as {@link RatingBlock}s, and only the other side's factors those ratings
 * reference. Half-steps exchange factors block to block through files: after solving, each block writes,
 * for every other block, just the factors that block's ratings use (Spark ALS's in/out blocks), so no
 * process ever holds all factors.
 */
public final class AlsWorker implements WorkerTask {
  public static final String LOAD = "als.load";
  public static final String GATHER = "als.gather";
  public static final String SOLVE_USERS = "als.solve-users";
  public static final String SOLVE_ITEMS = "als.solve-items";
  public static final String EVALUATE = "als.evaluate";
  /** A warm start's YᵀY (implicit feedback): over this worker's item block, warm factors or seeded ones. */
  public static final String WARM_GRAM = "als.warm-gram";
  /** Where the item factors of a users half-step come from. */
  public static final int INITIAL = 0;
  public static final int EXCHANGE = 1;
  public static final int FOLDER = 2;
  /** A warm start's folder: items it lacks get their seeded factors instead of failing. */
  public static final int WARM = 3;

  private final Configuration conf;
  private final int slot;
  private final int blocks;
  private final AlsParams params;
  private Path exchange;
  private RatingBlock users;
  private RatingBlock items;
  private final DenseKernels kernels;
  private ExchangeOrder userExchange;
  private ExchangeOrder itemExchange;
  private final List<String> testUsers = new ArrayList<>();
  private final List<String> testItems = new ArrayList<>();
  private double[] testRatings = new double[0];

  AlsWorker(Configuration conf, int slot, DenseKernels kernels) {
    this.conf = conf;
    this.slot = slot;
    this.kernels = kernels;
    this.blocks = WorkerPools.from(conf).total();
    this.params = AlsParams.from(new ParamSet(AlsParams.ALL).resolve(conf::get, Map.of()));
  }

  /** The block (worker) that owns a user's or an item's factor. */
  public static int blockOf(String id, int blocks) { return (id.hashCode() & Integer.MAX_VALUE) % blocks; }

  @Override
  public long records() {
    return (users == null ? 0 : users.ratingCount()) + (items == null ? 0 : items.ratingCount()) + testUsers.size();
  }

  @Override
  public byte[] run(String operation, byte[] arguments) throws Exception {
    Bytes.In in = Bytes.in(arguments);
    Bytes.Out out = Bytes.out();
    int k = params.rank();
    switch (operation) {
      case LOAD -> {
        String rejects = in.s();
        exchange = new Path(in.s());
        List<ShardPlan.Shard> train = ShardPlan.decode(Bytes.in(in.bytes()), slot);
        byte[] testPlan = in.bytes();
        load(rejects, train, testPlan.length == 0 ? null : ShardPlan.decode(Bytes.in(testPlan), slot), out);
      }
      case GATHER -> {
        gather();
        double[] initial = new double[items.size() * k];
        InitialFactors.fill(params.seed(), items.ids(), k, initial, null);
        out.doubles(params.implicit() ? NormalEquation.gram(initial, items.size(), k) : null);
      }
      case WARM_GRAM -> out.doubles(NormalEquation.gram(warmItems(new Path(in.s())), items.size(), k));
      case SOLVE_USERS -> {
        int t = in.i();
        int source = in.i();
        String from = in.s();
        double[] gram = in.doubles();
        Path folder = new Path(in.s());
        double[] itemFactors = other(users, userExchange, source, from, "items-" + (t - 1));
        RatingBlock.Solved s = users.solve(itemFactors, k, params, gram, kernels);
        publish(users, s.factors(), userExchange, folder, "users-" + t);
        out.doubles(params.implicit() ? NormalEquation.gram(s.factors(), users.size(), k) : null);
      }
      case SOLVE_ITEMS -> {
        int t = in.i();
        double[] gram = in.doubles();
        Path folder = new Path(in.s());
        double[] userFactors = other(items, itemExchange, EXCHANGE, "", "users-" + t);
        RatingBlock.Solved s = items.solve(userFactors, k, params, gram, kernels);
        publish(items, s.factors(), itemExchange, folder, "items-" + t);
        out.d(s.squaredError()).l(s.ratings()).doubles(params.implicit() ? NormalEquation.gram(s.factors(), items.size(), k) : null);
      }
      case EVALUATE -> out.doubles(evaluate(new Path(in.s()), new Path(in.s()),
          AlsParams.ColdStart.valueOf(in.s()), in.d()).flat());
      default -> throw new IllegalArgumentException("unknown operation " + operation);
    }
    return out.toBytes();
  }

  /** Reads the shards once and routes each rating to its user block and item block (test ratings: user block). */
  private void load(String rejectsDir, List<ShardPlan.Shard> train, List<ShardPlan.Shard> test, Bytes.Out out)
      throws Exception {
    Routes routes = new Routes();
    long[] totals = new long[3]; // records of the training input, training ratings, test ratings
    double[] sum = new double[1];
    long bad;
    try (ShardReader reader = new ShardReader(conf, rejectsDir, slot)) {
      reader.read(new RatingInputFormat(), train, Ratings::of, r -> {
        boolean isTest = InitialFactors.isTest(params.seed(), params.testFraction(), r.user(), r.item());
        totals[0]++;
        route(routes, r, isTest, totals, sum);
      });
      bad = reader.badRecords();
      if (test != null) {
        try (ShardReader testReader = new ShardReader(conf, rejectsDir + "/test", slot)) {
          testReader.read(new RatingInputFormat(), test, Ratings::of, r -> route(routes, r, true, totals, sum));
        }
      }
    } finally {
      routes.close();
    }
    out.l(totals[0]).l(bad).l(totals[1]).d(sum[0]).l(totals[2]);
  }

  private void route(Routes routes, RatingInputFormat.Record r, boolean isTest, long[] totals, double[] sum)
      throws IOException {
    if (isTest) {
      routes.write("t", blockOf(r.user(), blocks), r.user(), r.item(), r.rating());
      totals[2]++;
    } else {
      routes.write("u", blockOf(r.user(), blocks), r.user(), r.item(), r.rating());
      routes.write("i", blockOf(r.item(), blocks), r.item(), r.user(), r.rating());
      totals[1]++;
      sum[0] += r.rating();
    }
  }

  /** Reads the ratings every worker routed to this block; works out which factors go to which block. */
  private void gather() throws IOException {
    RatingBlock.Builder u = new RatingBlock.Builder();
    RatingBlock.Builder i = new RatingBlock.Builder();
    readRoutes("u", u::add);
    readRoutes("i", i::add);
    readRoutes("t", (user, item, r) -> {
      testUsers.add(user);
      testItems.add(item);
      if (testUsers.size() > testRatings.length) testRatings = Arrays.copyOf(testRatings, Math.max(16, testRatings.length * 2));
      testRatings[testUsers.size() - 1] = r;
    });
    users = u.build();
    items = i.build();
    userExchange = new ExchangeOrder(users, blocks);
    itemExchange = new ExchangeOrder(items, blocks);
  }

  /** The factors {@code block}'s ratings reference, in its {@code otherIds} order. */
  private double[] other(RatingBlock block, ExchangeOrder order, int source, String folder, String step)
      throws IOException {
    int k = params.rank();
    String[] ids = block.otherIds();
    double[] out = new double[ids.length * k];
    if (source == INITIAL) {
      InitialFactors.fill(params.seed(), ids, k, out, null);
      return out;
    }
    if (source == EXCHANGE) {
      for (int s = 0; s < blocks; s++) {
        FactorFiles.readExchange(conf, new Path(exchange, step + "/to-" + slot + "/from-" + s), s, order.receives[s],
            order.receiveDigests[s], out, k);
      }
      return out;
    }
    boolean[] seen = new boolean[ids.length];
    FactorFiles.Visitor keep = (id, x, n) -> {
      int i = block.otherIndex(id);
      if (i < 0) return;
      if (n != k) throw new IOException("factor of " + id + " has " + n + " values, not " + k);
      System.arraycopy(x, 0, out, i * k, k);
      seen[i] = true;
    };
    FactorFiles.readFolder(conf, new Path(folder), keep);
    if (source == WARM) {
      InitialFactors.fill(params.seed(), ids, k, out, seen);
    } else {
      for (int i = 0; i < ids.length; i++) {
        if (!seen[i]) throw new IOException("no factor for " + ids[i] + " (" + step + ")");
      }
    }
    return out;
  }

  /** This worker's item block's factors from a warm start's folder, seeded for the items it lacks. */
  private double[] warmItems(Path folder) throws IOException {
    int k = params.rank();
    double[] out = new double[items.size() * k];
    boolean[] seen = new boolean[items.size()];
    FactorFiles.readFolder(conf, folder, (id, x, n) -> {
      int r = items.row(id);
      if (r < 0) return;
      if (n != k) throw new IOException("factor of " + id + " has " + n + " values, not " + k);
      System.arraycopy(x, 0, out, r * k, k);
      seen[r] = true;
    });
    InitialFactors.fill(params.seed(), items.ids(), k, out, seen);
    return out;
  }

  /** Writes the block's new factors: its part of the checkpoint folder, and one exchange file per block. */
  private void publish(RatingBlock own, double[] factors, ExchangeOrder order, Path folder, String step)
      throws IOException {
    int k = params.rank();
    int[] all = new int[own.size()];
    for (int r = 0; r < all.length; r++) all[r] = r;
    FactorFiles.writePart(conf, folder, slot, own.ids(), all, factors, k);
    for (int b = 0; b < blocks; b++) {
      FactorFiles.writeExchange(conf, new Path(exchange, step + "/to-" + b + "/from-" + slot), order.sends[b],
          order.sendDigests[b], factors, k);
    }
  }

  private RatingErrors evaluate(Path userFolder, Path itemFolder, AlsParams.ColdStart coldStart, double mean)
      throws IOException {
    int k = params.rank();
    Map<String, double[]> userFactors = new HashMap<>();
    Map<String, double[]> itemFactors = new HashMap<>();
    for (int i = 0; i < testUsers.size(); i++) {
      userFactors.put(testUsers.get(i), null);
      itemFactors.put(testItems.get(i), null);
    }
    FactorFiles.readFolder(conf, userFolder, (id, x, n) -> { if (userFactors.containsKey(id)) userFactors.put(id, Arrays.copyOf(x, n)); });
    FactorFiles.readFolder(conf, itemFolder, (id, x, n) -> { if (itemFactors.containsKey(id)) itemFactors.put(id, Arrays.copyOf(x, n)); });
    RatingErrors errors = new RatingErrors(coldStart, mean);
    for (int i = 0; i < testUsers.size(); i++) {
      errors.add(userFactors.get(testUsers.get(i)), itemFactors.get(testItems.get(i)), k, testRatings[i]);
    }
    return errors;
  }

  // ---- routing files: ratings/<side>-<block>/from-<slot>, records (UTF own, UTF other, double rating)

  private interface RatingVisitor {
    void visit(String own, String other, double rating);
  }

  private void readRoutes(String side, RatingVisitor visitor) throws IOException {
    Map<String, String> ids = new HashMap<>(); // one String per distinct ID, not one per rating
    Path folder = new Path(exchange, "ratings/" + side + "-" + slot);
    FileSystem fs = folder.getFileSystem(conf);
    if (!fs.exists(folder)) return;
    for (FileStatus f : fs.listStatus(folder)) {
      try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(fs.open(f.getPath()), 1 << 16))) {
        while (true) {
          String own;
          try {
            own = in.readUTF();
          } catch (EOFException end) {
            break;
          }
          String other = in.readUTF();
          visitor.visit(ids.computeIfAbsent(own, x -> x), ids.computeIfAbsent(other, x -> x), in.readDouble());
        }
      }
    }
  }

  /** Open routing files of this worker, one per (side, block), created on first use. */
  private final class Routes implements AutoCloseable {
    private final Map<String, DataOutputStream> open = new HashMap<>();

    void write(String side, int block, String own, String other, double rating) throws IOException {
      String key = side + "-" + block;
      DataOutputStream out = open.get(key);
      if (out == null) {
        Path file = new Path(exchange, "ratings/" + key + "/from-" + slot);
        out = new DataOutputStream(new java.io.BufferedOutputStream(file.getFileSystem(conf).create(file, true), 1 << 16));
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
