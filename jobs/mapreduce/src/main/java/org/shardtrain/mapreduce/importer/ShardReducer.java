package org.shardtrain.mapreduce.importer;

import java.io.IOException;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Reducer;

/** Writes each shard's records (already Avro-encoded) to its own container file. */
public final class ShardReducer extends Reducer<IntWritable, BytesWritable, NullWritable, BytesWritable> {
  @Override
  protected void reduce(IntWritable shard, Iterable<BytesWritable> records, Context context)
      throws IOException, InterruptedException {
    for (BytesWritable r : records) context.write(NullWritable.get(), r);
  }
}
