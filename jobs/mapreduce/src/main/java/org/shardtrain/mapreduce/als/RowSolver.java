package org.shardtrain.mapreduce.als;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;
import org.apache.hadoop.mapreduce.lib.output.MultipleOutputs;
import org.shardtrain.core.als.NormalEquation;
import org.shardtrain.core.als.RowSolve;
import org.shardtrain.core.param.Param;
import org.shardtrain.formats.AlsValue;
import org.shardtrain.mapreduce.io.PartialWritable;

/**
 * What a half-step's task does with each row, whichever shape the half-step has (a broadcast map task, a
 * blocked reducer): the normal equations over the row's ratings and the held factors, finished by the core's
 * {@link RowSolve} (the same bits on every engine), the factor written as (id, factor), and — when the next
 * half-step is blocked — a copy with the row's destinations to the {@code outgoing} output, which that
 * half-step ships. At close, the {@code stats} output gets (ratings, SSE) and, for implicit feedback, the Gram
 * Σ x·xᵀ of the factors solved here, which the next blocked half-step needs as its YᵀY.
 */
final class RowSolver {
  static final String STATS_OUTPUT = "stats";
  static final String OUTGOING_OUTPUT = "outgoing";
  static final Param<Boolean> WRITE_OUTGOING = Param.flag("internal-als-write-outgoing", "shardtrain.internal.als.write-outgoing")
      .describe("whether a half-step also writes its factors with their destinations").build();

  private final int k;
  private final boolean implicit;
  private final double alpha;
  private final RowSolve finish;
  private final double[] x;
  private final NormalEquation solvedGram;
  private final AlsValue out = new AlsValue();
  private final RoutedFactor routed = new RoutedFactor();
  private final SideOutput stats;
  private final MultipleOutputs<Text, RoutedFactor> outgoing;
  private long ratings;
  private double sse;

  /** {@code othersGram}: YᵀY of the other side's factors (implicit feedback; null for explicit). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  RowSolver(TaskInputOutputContext<?, ?, ?, ?> context, double[] othersGram) {
    Configuration conf = context.getConfiguration();
    k = AlsJobConf.rank(conf);
    implicit = AlsJobConf.implicit(conf);
    alpha = AlsJobConf.alpha(conf);
    double lambda = AlsJobConf.lambda(conf);
    finish = implicit ? RowSolve.implicit(lambda, othersGram) : RowSolve.explicit(lambda);
    x = new double[k];
    solvedGram = implicit ? new NormalEquation(k) : null;
    stats = new SideOutput(context, STATS_OUTPUT);
    // Raw: MultipleOutputs ties its types to the context's main output; the routed factors have their own.
    outgoing = WRITE_OUTGOING.read(conf::get) ? new MultipleOutputs(context) : null;
  }

  /** Solves {@code row}'s factor from {@code factors} and writes it (and its routed copy) to {@code context}. */
  void solve(Text id, RatingRow row, FactorIndex factors, TaskInputOutputContext<?, ?, Text, AlsValue> context)
      throws IOException, InterruptedException {
    NormalEquation ne = new NormalEquation(k);
    double[] y = factors.values();
    double sumSquares = 0;
    for (int i = 0; i < row.size(); i++) {
      int off = factors.offset(row.other(i));
      if (off < 0) throw new IllegalStateException("no factor for " + row.other(i) + ", which " + id + " rated");
      double r = row.rating(i);
      if (implicit) ne.addImplicit(y, off, r, alpha);
      else ne.addExplicit(y, off, r);
      sumSquares += r * r;
    }
    sse += finish.finish(ne, sumSquares, x, 0);
    ratings += ne.count();
    if (solvedGram != null) solvedGram.add(x, 0, 0, 1);
    context.write(id, out.factor(x, k));
    if (outgoing != null) outgoing.write(OUTGOING_OUTPUT, id, routed.set(x, k, row.destinations(), row.destinationCount()));
  }

  void close() throws IOException, InterruptedException {
    double[] gram = solvedGram == null ? new double[0] : solvedGram.packedLhs();
    stats.writeAndClose(new PartialWritable(ratings, sse, gram, gram.length));
    if (outgoing != null) outgoing.close();
  }
}
