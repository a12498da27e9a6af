package org.shardtrain.mapreduce.als;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.shardtrain.core.als.TopN;
import org.shardtrain.core.param.Param;
import org.shardtrain.formats.AlsValue;

/**
 * The recommendation data flow, three jobs, none holding a factor matrix:
 * <ol>
 *   <li>users: a user's factor joined with the items to exclude (and kept only if asked for);</li>
 *   <li>scores: items are cut into blocks; a block's reducer holds that block's item factors (the
 *       per-task memory bound: items per block × k), receives every user once, and keeps each user's best
 *       N of the block, skipping excluded items;</li>
 *   <li>merge: per user, the blocks' candidates merged into the final top N.</li>
 * </ol>
 */
public final class RecommendJobs {
  /** The recommend program's --top, declared here where its tasks read it. */
  public static final Param<Integer> TOP = Param.intParam("top", "shardtrain.recommend.top").defaultsTo(10)
      .validate(v -> v >= 1 && v <= 10_000, "must be between 1 and 10000").describe("items per user").build();
  public static final Param<Integer> BLOCKS = Param.intParam("internal-recommend-blocks", "shardtrain.internal.recommend.blocks")
      .defaultsTo(1).describe("how many blocks the items are cut into").build();
  public static final Param<Boolean> ALL_USERS = Param.flag("internal-recommend-all-users", "shardtrain.internal.recommend.all-users")
      .describe("recommend to every user of the model (no --users list)").build();

  private RecommendJobs() {}

  static int block(String item, int blocks) { return (item.hashCode() & Integer.MAX_VALUE) % blocks; }

  // ---- job 1: users

  /** User factors (from the factor folder) under the user ID. */
  public static final class UserFactors extends Mapper<Text, AlsValue, AlsKey, RecValue> {
    private final AlsKey key = new AlsKey();
    private final RecValue value = new RecValue();

    @Override
    protected void map(Text user, AlsValue f, Context context) throws IOException, InterruptedException {
      key.set(user, AlsKey.FACTOR);
      context.write(key, value.factor(user.toString(), f.vectorCopy(), List.of()));
    }
  }

  /** Ratings (prepared, keyed by user) to exclude. */
  public static final class RatedItems extends Mapper<Text, AlsValue, AlsKey, RecValue> {
    private final AlsKey key = new AlsKey();
    private final RecValue value = new RecValue();

    @Override
    protected void map(Text user, AlsValue rating, Context context) throws IOException, InterruptedException {
      key.set(user, AlsKey.RATING);
      context.write(key, value.rated(rating.other().toString()));
    }
  }

  /** The --users file: one user ID per line. */
  public static final class WantedUsers extends Mapper<LongWritable, Text, AlsKey, RecValue> {
    private final AlsKey key = new AlsKey();
    private final RecValue value = new RecValue();

    @Override
    protected void map(LongWritable offset, Text line, Context context) throws IOException, InterruptedException {
      String id = line.toString().trim();
      if (id.isEmpty()) return;
      key.set(id, AlsKey.RATING);
      context.write(key, value.wanted());
    }
  }

  /** A user's factor with the items to exclude, if the user was asked for (or all users are). */
  public static final class UsersReducer extends Reducer<AlsKey, RecValue, Text, RecValue> {
    /** Files (beside the part files, committed with them) of the users asked for that the model does not know. */
    public static final String UNKNOWN_PREFIX = "unknown-users-";
    private boolean all;
    private java.io.Writer unknown;

    @Override
    protected void setup(Context context) { all = ALL_USERS.read(context.getConfiguration()::get); }

    @Override
    protected void cleanup(Context context) throws IOException {
      if (unknown != null) unknown.close();
    }

    /** A user asked for who had no ratings in training: listed, so the caller knows who got nothing. */
    private void unknownUser(String id, Context context) throws IOException, InterruptedException {
      context.getCounter("shardtrain", "USERS_UNKNOWN").increment(1);
      if (unknown == null) {
        org.apache.hadoop.fs.Path dir = org.apache.hadoop.mapreduce.lib.output.FileOutputFormat.getWorkOutputPath(context);
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir,
            UNKNOWN_PREFIX + context.getTaskAttemptID().getTaskID().getId());
        unknown = new java.io.OutputStreamWriter(file.getFileSystem(context.getConfiguration()).create(file, true),
            java.nio.charset.StandardCharsets.UTF_8);
      }
      unknown.write(id);
      unknown.write('\n');
    }

    @Override
    protected void reduce(AlsKey key, Iterable<RecValue> values, Context context) throws IOException, InterruptedException {
      double[] factor = null;
      boolean wanted = all;
      List<String> rated = new ArrayList<>();
      for (RecValue v : values) {
        switch (v.kind()) {
          case RecValue.FACTOR -> factor = v.vector().clone();
          case RecValue.WANTED -> wanted = true;
          case RecValue.RATED -> rated.add(v.id());
          default -> throw new IllegalStateException("unexpected " + v);
        }
      }
      if (factor == null && wanted && !all) unknownUser(key.id().toString(), context);
      if (factor == null || !wanted) return;
      context.getCounter("shardtrain", "USERS_RECOMMENDED").increment(1);
      context.write(new Text(key.id()), new RecValue().factor(key.id().toString(), factor, rated));
    }
  }

  // ---- job 2: scores per item block

  /** Items to their block (sorted first within it). */
  public static final class ItemsToBlocks extends Mapper<Text, AlsValue, AlsKey, RecValue> {
    private int blocks;
    private final AlsKey key = new AlsKey();
    private final RecValue value = new RecValue();

    @Override
    protected void setup(Context context) { blocks = BLOCKS.read(context.getConfiguration()::get); }

    @Override
    protected void map(Text item, AlsValue f, Context context) throws IOException, InterruptedException {
      key.set(Integer.toString(block(item.toString(), blocks)), AlsKey.FACTOR);
      context.write(key, value.item(item.toString(), f.vectorCopy()));
    }
  }

  /** Every user to every block. */
  public static final class UsersToBlocks extends Mapper<Text, RecValue, AlsKey, RecValue> {
    private int blocks;
    private final AlsKey key = new AlsKey();

    @Override
    protected void setup(Context context) { blocks = BLOCKS.read(context.getConfiguration()::get); }

    @Override
    protected void map(Text user, RecValue v, Context context) throws IOException, InterruptedException {
      for (int b = 0; b < blocks; b++) {
        key.set(Integer.toString(b), AlsKey.RATING);
        context.write(key, v);
      }
    }
  }

  /** One block: its items in memory, then each user's best N among them. */
  public static final class ScoreReducer extends Reducer<AlsKey, RecValue, Text, RecValue> {
    private int top;

    @Override
    protected void setup(Context context) { top = TOP.read(context.getConfiguration()::get); }

    @Override
    protected void reduce(AlsKey block, Iterable<RecValue> values, Context context) throws IOException, InterruptedException {
      List<String> items = new ArrayList<>();
      List<double[]> factors = new ArrayList<>();
      for (RecValue v : values) {
        if (v.kind() == RecValue.ITEM) { // items sort before users (their key's tag), so all are in hand
          items.add(v.id());
          factors.add(v.vector().clone());
          continue;
        }
        Set<String> excluded = new HashSet<>(v.names());
        TopN best = new TopN(top);
        double[] x = v.vector();
        for (int i = 0; i < items.size(); i++) {
          if (excluded.contains(items.get(i))) continue;
          double[] y = factors.get(i);
          double s = 0;
          for (int j = 0; j < x.length; j++) s += x[j] * y[j];
          best.offer(items.get(i), s);
        }
        context.write(new Text(v.id()), new RecValue().candidates(v.id(), best.items(), best.scores()));
      }
    }
  }

  // ---- job 3: merge

  /** Candidates of one user from every block: the final top N, best first. */
  public static final class MergeReducer extends Reducer<Text, RecValue, Text, RecValue> {
    private int top;

    @Override
    protected void setup(Context context) { top = TOP.read(context.getConfiguration()::get); }

    @Override
    protected void reduce(Text user, Iterable<RecValue> values, Context context) throws IOException, InterruptedException {
      TopN best = new TopN(top);
      for (RecValue v : values) {
        for (int i = 0; i < v.names().size(); i++) best.offer(v.names().get(i), v.scores()[i]);
      }
      context.write(user, new RecValue().candidates(user.toString(), best.items(), best.scores()));
    }
  }
}
