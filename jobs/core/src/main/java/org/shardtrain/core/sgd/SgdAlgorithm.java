package org.shardtrain.core.sgd;

import java.util.LinkedHashMap;
import java.util.Map;
import org.shardtrain.core.loop.IterativeAlgorithm;
import org.shardtrain.core.loop.StepResult;

/**
 * SGD-trained linear models as the iteration loop drives them: an iteration is an epoch. With gradient
 * averaging an epoch is ⌈n / batch⌉ synchronous steps (one pass each); with model averaging it is one pass
 * in which every task runs SGD over its examples and the models are averaged.
 */
public final class SgdAlgorithm implements IterativeAlgorithm<SgdState> {
  private final SgdParams params;
  private final SgdPasses passes;
  private final LinearModel initialModel; // raw features, or null
  private double previousLoss = Double.NaN;
  private long examples = -1;

  public SgdAlgorithm(SgdParams params, SgdPasses passes, LinearModel initialModel) {
    this.params = params;
    this.passes = passes;
    this.initialModel = initialModel;
  }

  @Override
  public SgdState initialise() throws Exception {
    LinearStart start = LinearStart.of(params, passes, initialModel, params.schedule() == Schedule.ADAGRAD);
    examples = start.examples();
    return start.state();
  }

  @Override
  public StepResult<SgdState> step(SgdState state, int epoch) throws Exception {
    double lossSum = 0;
    double count = 0;
    if (params.averaging() == SgdParams.Averaging.MODEL) {
      double[] sum = passes.localEpoch(state, params);
      lossSum = sum[1];
      count = sum[0];
      state = LocalSgd.average(state, sum, params.regularization());
    } else {
      if (params.batch() > 0 && examples < 0) examples = passes.scan().count(); // resumed: count again
      double fraction = params.batch() == 0 ? 1.0 : Math.min(1.0, params.batch() / (double) examples);
      long steps = fraction >= 1.0 ? 1 : (long) Math.ceil(1 / fraction);
      for (long s = 0; s < steps; s++) {
        GradientStats g = passes.gradient(state, params.loss(), state.step() + 1, fraction);
        lossSum += g.lossSum();
        count += g.count();
        state = SgdUpdate.step(state, g, params.loss(), params.regularization(), params.schedule(), params.step(),
            params.intercept());
      }
    }
    // Squared loss is computed on the scaled label: report it in the label's own units.
    double labelStd = state.scaling().labelStd();
    double trainLoss = count == 0 ? Double.NaN : lossSum / count * labelStd * labelStd;
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("train_loss", trainLoss);
    metrics.put("examples", count);
    metrics.put("step", (double) state.step());
    boolean converged = params.tolerance() > 0 && !Double.isNaN(previousLoss)
        && Math.abs(previousLoss - trainLoss) <= params.tolerance() * Math.abs(previousLoss);
    previousLoss = trainLoss;
    return new StepResult<>(state, metrics, converged);
  }

  /** A step size too large for the data makes the loss and then the weights overflow. */
  @Override
  public String divergence(StepResult<SgdState> step) {
    String metric = step.metrics().getOrDefault("examples", 0.0) > 0
        ? org.shardtrain.core.loop.DivergedException.nonFiniteMetric(step.metrics(), "train_loss") : null;
    if (metric != null) return metric;
    String weights = org.shardtrain.core.loop.DivergedException.nonFinite("the weights", step.model().weights());
    return weights != null ? weights
        : org.shardtrain.core.loop.DivergedException.nonFinite("the intercept", step.model().intercept());
  }

  @Override
  public String divergenceHint() {
    return "use a smaller --step (now " + params.step() + ")" + (params.schedule() == Schedule.CONSTANT
        ? " or a decaying --schedule" : "");
  }

  /** Number of training examples when a scan ran in this process, else -1. */
  public long examples() { return examples; }
}
