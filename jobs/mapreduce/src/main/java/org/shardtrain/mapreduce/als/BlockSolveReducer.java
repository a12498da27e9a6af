package org.shardtrain.mapreduce.als;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;
import org.shardtrain.formats.AlsValue;

/**
 * A blocked half-step's reducer: reducer b receives, through the shuffle, each factor of the other side that
 * block b's rows rate — once, however many of its rows rate it ({@link ShipFactorsMapper}) — and then reads
 * block b's rows straight from the rows job's part file (they are the same every half-step, so they are not
 * shuffled again) and solves them ({@link RowSolver}). Memory: the factors its block needs, never the other
 * side's whole matrix.
 */
public final class BlockSolveReducer extends Reducer<IntWritable, ShippedFactor, Text, AlsValue> {
  private int k;
  private RowSolver solver;

  @Override
  protected void setup(Context context) {
    Configuration conf = context.getConfiguration();
    k = AlsJobConf.rank(conf);
    double[] gram = AlsJobConf.implicit(conf) ? AlsJobConf.gram(conf) : null;
    solver = new RowSolver(context, gram);
  }

  @Override
  protected void reduce(IntWritable block, Iterable<ShippedFactor> shipped, Context context)
      throws IOException, InterruptedException {
    FactorIndex factors = FactorIndex.empty(k);
    for (ShippedFactor f : shipped) factors.put(f.id().toString(), f.factor(), f.size());
    Configuration conf = context.getConfiguration();
    Path rows = AlsBlocks.rowsFile(conf, block.get());
    Text id = new Text();
    RatingRow row = new RatingRow();
    try (SequenceFile.Reader r = new SequenceFile.Reader(conf, SequenceFile.Reader.file(rows))) {
      while (r.next(id, row)) solver.solve(id, row, factors, context);
    }
  }

  @Override
  public void run(Context context) throws IOException, InterruptedException {
    org.shardtrain.formats.input.BadRecords.reportFailures(context, () -> super.run(context));
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    solver.close();
  }
}
