package org.shardtrain.host.program;

import java.util.List;
import org.shardtrain.core.io.RecordFormat;
import org.shardtrain.core.param.Param;
import org.shardtrain.core.param.RunParams;
import org.shardtrain.core.sgd.Optimizer;
import org.shardtrain.core.sgd.SgdParams;

/**
 * {@code shardtrain linear}: the {@code sgd} trainer under the name of what it trains, with defaults that
 * reach the regularised optimum without tuning — L-BFGS (OWL-QN with an L1 term), at most 100 iterations,
 * relative tolerance 1e-6: Spark's {@code LogisticRegression} defaults. Same parameters, keys and model
 * as {@code sgd}; only three defaults differ, so an {@code sgd} command keeps meaning what it meant.
 */
public final class LinearTool extends SgdTool {
  static final int MAX_ITERATIONS = 100;
  static final double TOLERANCE = 1e-6;

  @Override public String name() { return "linear"; }

  @Override public int listOrder() { return 29; }

  @Override
  public String summary() {
    return "Train a linear model (binary or multinomial logistic, least squares; hinge with --optimizer sgd) to the regularised optimum: "
        + "L-BFGS by default, OWL-QN for L1; --optimizer sgd for data too large for many full passes.";
  }

  @Override
  protected List<List<Param<?>>> parameters() {
    List<Param<?>> own = SgdParams.ALL.stream().<Param<?>>map(p -> {
      if (p.equals(SgdParams.OPTIMIZER)) {
        return SgdParams.OPTIMIZER.defaultingTo(Optimizer.LBFGS, "lbfgs (default): L-BFGS on the full-batch objective, "
            + "OWL-QN with an L1 term, each loss evaluation one pass — reaches the optimum without tuning; sgd: one "
            + "step per pass (--step, --schedule, --batch, --averaging), for data too large for many full passes");
      }
      if (p.equals(SgdParams.EPOCHS)) {
        return SgdParams.EPOCHS.defaultingTo(MAX_ITERATIONS, "most iterations (lbfgs: each one pass plus its "
            + "line-search passes; sgd: epochs)");
      }
      if (p.equals(SgdParams.TOL)) {
        return SgdParams.TOL.defaultingTo(TOLERANCE, "stop when the objective's relative decrease, or the gradient's "
            + "norm relative to the weights', falls to this (sgd: the training loss's relative change; 0 = never)");
      }
      return p;
    }).toList();
    return List.of(RunParams.readingFormats(RecordFormat.LIBSVM, RecordFormat.AVRO), own);
  }
}
