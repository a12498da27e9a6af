package org.shardtrain.mapreduce.als;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;
import org.shardtrain.core.als.NormalEquation;
import org.shardtrain.core.als.RowSolve;
import org.shardtrain.formats.AlsValue;
import org.shardtrain.mapreduce.io.PartialWritable;

/**
 * Solves one user's (or item's) factor from the (other factor, rating) pairs the join routed to it: the
 * core's {@link NormalEquation} (explicit, or implicit with the precomputed YᵀY) finished by {@link RowSolve}.
 * Memory: one k×k system at a time. Also sums the training squared error of the new factors (explicit),
 * written to the {@code stats} output at cleanup as (ratings, SSE).
 */
public final class SolveReducer extends Reducer<Text, AlsValue, Text, AlsValue> {
  public static final String STATS_OUTPUT = "stats";

  private int k;
  private double lambda;
  private boolean implicit;
  private double alpha;
  private RowSolve finish;
  private double[] x;
  private long ratings;
  private double sse;
  private final AlsValue out = new AlsValue();
  private SideOutput sideOutput;

  @Override
  protected void setup(Context context) {
    Configuration conf = context.getConfiguration();
    k = AlsJobConf.rank(conf);
    lambda = AlsJobConf.lambda(conf);
    implicit = AlsJobConf.implicit(conf);
    alpha = AlsJobConf.alpha(conf);
    double[] gram = implicit ? AlsJobConf.gram(conf) : null;
    if (implicit && gram == null) throw new IllegalStateException("implicit feedback needs the Gram matrix YᵀY");
    finish = implicit ? RowSolve.implicit(lambda, gram) : RowSolve.explicit(lambda);
    x = new double[k];
    sideOutput = new SideOutput(context, STATS_OUTPUT);
  }

  @Override
  protected void reduce(Text id, Iterable<AlsValue> pairs, Context context) throws IOException, InterruptedException {
    NormalEquation ne = new NormalEquation(k);
    double sumSquares = 0;
    for (AlsValue p : pairs) {
      if (p.size() != k) throw new IllegalStateException("a factor routed to " + id + " has " + p.size() + " values");
      if (implicit) ne.addImplicit(p.vector(), 0, p.rating(), alpha);
      else ne.addExplicit(p.vector(), 0, p.rating());
      sumSquares += p.rating() * p.rating();
    }
    sse += finish.finish(ne, sumSquares, x, 0);
    ratings += ne.count();
    context.write(id, out.factor(x, k));
  }

  @Override
  public void run(Context context) throws IOException, InterruptedException {
    org.shardtrain.formats.input.BadRecords.reportFailures(context, () -> super.run(context));
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    sideOutput.writeAndClose(new PartialWritable(ratings, sse, new double[0], 0));
  }
}
