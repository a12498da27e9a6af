package org.shardtrain.mapreduce.io;

import org.apache.hadoop.conf.Configurable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Partitioner;
import org.shardtrain.core.param.Param;

/**
 * Spreads a statistics pass over its reducers by slot range: with S slots and R reducers, reducer r gets
 * slots [r·S/R, (r+1)·S/R). A range (not a hash) keeps each reducer's output in slot order, so the driver
 * reads the R part files one after the other and meets the slots in order; and every reducer receives at
 * most (map tasks × its slice), instead of one reducer receiving everything. List entries (negative slots:
 * samples, far points; few per task) go to reducer 0.
 */
public final class SlotRangePartitioner extends Partitioner<SlotKey, Object> implements Configurable {
  static final Param<Long> SLOTS = Param.longParam("internal-pass-slots", "shardtrain.internal.pass.slots")
      .defaultsTo(1L).validate(n -> n >= 1, "at least 1")
      .describe("how many summed slots a statistics pass has (centres, candidates, vector slices)").build();

  private Configuration conf;
  private long slots;

  /** Declares the pass's slot count for its partitioner. */
  public static void setSlots(Configuration conf, long slots) { SLOTS.write(conf::set, Math.max(1, slots)); }

  /** Reducer of {@code slot} among {@code reducers}, for {@code slots} slots. */
  public static int partition(int slot, long slots, int reducers) {
    if (slot < 0 || reducers <= 1) return 0;
    long r = (long) slot * reducers / slots;
    return (int) Math.min(reducers - 1, r);
  }

  @Override
  public int getPartition(SlotKey key, Object value, int reducers) {
    return partition(key.slot(), slots, reducers);
  }

  @Override
  public void setConf(Configuration conf) {
    this.conf = conf;
    this.slots = SLOTS.read(conf::get);
  }

  @Override
  public Configuration getConf() { return conf; }
}
