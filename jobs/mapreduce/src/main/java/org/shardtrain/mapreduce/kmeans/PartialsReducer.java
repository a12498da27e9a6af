package org.shardtrain.mapreduce.kmeans;

import java.io.IOException;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.mapreduce.Reducer;
import org.shardtrain.mapreduce.io.PartialWritable;

/**
 * Combiner and reducer of every k-means pass: sums the partials of each slot (centre or candidate) and
 * passes list entries through. Summation is the merge of the core's statistics, so combining early is safe.
 */
public final class PartialsReducer extends Reducer<IntWritable, PartialWritable, IntWritable, PartialWritable> {
  private final PartialWritable total = new PartialWritable();

  @Override
  protected void reduce(IntWritable key, Iterable<PartialWritable> values, Context context)
      throws IOException, InterruptedException {
    if (key.get() < 0) {
      for (PartialWritable v : values) context.write(key, v);
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
    context.write(key, total);
  }
}
