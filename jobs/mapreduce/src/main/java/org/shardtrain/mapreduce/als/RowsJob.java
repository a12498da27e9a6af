package org.shardtrain.mapreduce.als;

import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.output.MultipleOutputs;
import org.shardtrain.formats.AlsValue;

/**
 * The job run once per side and run that groups the prepared ratings (user → (item, r)) into
 * {@link RatingRow}s keyed by the user or the item: what the half-steps solve. Run with one reducer per block
 * ({@link AlsBlocks}), it leaves each block's rows in one part file, and gives each row its destinations (the
 * other side's blocks its ratings are in). Its {@code ids} output lists the side's IDs, which a broadcast
 * half-step whose other side starts from seeded factors needs (those factors exist for rated IDs only).
 */
public final class RowsJob {
  public static final String IDS_OUTPUT = "ids";
  static final String COUNTER_GROUP = "shardtrain";
  static final String ROWS = "ALS_ROWS";

  private RowsJob() {}

  /** Ratings keyed by user (as stored): value (item, r). */
  public static final class ByUser extends Mapper<Text, AlsValue, Text, AlsValue> {}

  /** Ratings keyed by item: value (user, r). */
  public static final class ByItem extends Mapper<Text, AlsValue, Text, AlsValue> {
    private final Text key = new Text();
    private final AlsValue value = new AlsValue();

    @Override
    protected void map(Text user, AlsValue rating, Context context) throws IOException, InterruptedException {
      key.set(rating.other());
      context.write(key, value.rating(user, rating.rating()));
    }
  }

  /** One row per ID; the ID also to the {@code ids} output. */
  public static final class RowsReducer extends Reducer<Text, AlsValue, Text, RatingRow> {
    private final RatingRow row = new RatingRow();
    private String[] ids = new String[16];
    private double[] rs = new double[16];
    private int[] blocks = new int[16];
    private int otherBlocks;
    private MultipleOutputs<Text, RatingRow> outputs;

    @Override
    protected void setup(Context context) {
      // The ids output when the job declares it (a reducer run alone, as in MRUnit, has none: see SideOutput).
      outputs = SideOutput.declared(context, IDS_OUTPUT) ? new MultipleOutputs<>(context) : null;
      otherBlocks = AlsBlocks.OTHER_BLOCKS.read(context.getConfiguration()::get);
    }

    @Override
    protected void reduce(Text id, Iterable<AlsValue> values, Context context) throws IOException, InterruptedException {
      int n = 0;
      for (AlsValue v : values) {
        if (n == ids.length) {
          ids = Arrays.copyOf(ids, 2 * n);
          rs = Arrays.copyOf(rs, 2 * n);
          blocks = Arrays.copyOf(blocks, 2 * n);
        }
        if (otherBlocks > 0) blocks[n] = AlsBlocks.of(v.other(), otherBlocks);
        ids[n] = v.other().toString();
        rs[n++] = v.rating();
      }
      row.set(ids, rs, n);
      row.setDestinations(blocks, otherBlocks > 0 ? n : 0);
      context.write(id, row);
      if (outputs != null) outputs.write(IDS_OUTPUT, id, NullWritable.get());
      context.getCounter(COUNTER_GROUP, ROWS).increment(1);
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      if (outputs != null) outputs.close();
    }
  }
}
