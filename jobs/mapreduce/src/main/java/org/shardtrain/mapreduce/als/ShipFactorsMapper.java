package org.shardtrain.mapreduce.als;

import java.io.IOException;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * The map side of a blocked half-step: each routed factor goes once to each block that needs it — each factor
 * crosses the shuffle once per destination block, not once per rating (Spark's ALS out-blocks).
 */
public final class ShipFactorsMapper extends Mapper<Text, RoutedFactor, IntWritable, ShippedFactor> {
  private final IntWritable block = new IntWritable();
  private final ShippedFactor shipped = new ShippedFactor();

  @Override
  protected void map(Text id, RoutedFactor f, Context context) throws IOException, InterruptedException {
    shipped.set(id, f.factor(), f.size());
    for (int i = 0; i < f.destinationCount(); i++) {
      block.set(f.destination(i));
      context.write(block, shipped);
    }
  }
}
