package org.shardtrain.mapreduce.kmeans;

import java.io.IOException;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.mapreduce.Reducer;
import org.shardtrain.mapreduce.io.PartialWritable;
import org.shardtrain.mapreduce.io.SlotKey;

/**
 * Reducer of every statistics pass (k-means, SGD): sums the partials of each slot (centre, candidate,
 * vector slice) and passes list entries through. The partials of a slot come sorted by map task
 * ({@link SlotKey}), so the sum is ((t0 + t1) + t2) + … on every run: the merge order is fixed, not the
 * order in which map outputs arrived. No combiner: each map task emits every slot once, at cleanup.
 */
public final class PartialsReducer extends Reducer<SlotKey, PartialWritable, IntWritable, PartialWritable> {
  private final PartialWritable total = new PartialWritable();
  private final IntWritable slot = new IntWritable();

  @Override
  protected void reduce(SlotKey key, Iterable<PartialWritable> values, Context context)
      throws IOException, InterruptedException {
    slot.set(key.slot());
    if (key.slot() < 0) {
      for (PartialWritable v : values) context.write(slot, v);
      return;
    }
    boolean first = true;
    for (PartialWritable v : values) {
      if (first) {
        total.set(v.count(), v.amount(), v.vector(), v.size());
        first = false;
      } else {
        total.add(v);
      }
    }
    context.write(slot, total);
  }
}
