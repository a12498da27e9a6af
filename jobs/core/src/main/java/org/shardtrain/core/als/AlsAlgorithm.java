package org.shardtrain.core.als;

import java.util.LinkedHashMap;
import java.util.Map;
import org.shardtrain.core.loop.IterativeAlgorithm;
import org.shardtrain.core.loop.StepResult;

/**
 * ALS as the iteration loop drives it: a fixed number of alternating solves (as Spark; no tolerance), each
 * iteration two {@link AlsPasses} half-steps.
 */
public final class AlsAlgorithm implements IterativeAlgorithm<AlsFactors> {
  private final AlsParams params;
  private final AlsPasses passes;

  public AlsAlgorithm(AlsParams params, AlsPasses passes) {
    this.params = params;
    this.passes = passes;
  }

  private String warmItems;

  /**
   * Warm start: iteration 1 solves the users from these item factors (a factor folder) instead of the seeded
   * ones; items missing from it get their seeded factors.
   */
  public AlsAlgorithm startingFrom(String itemFactorFolder) {
    this.warmItems = itemFactorFolder;
    return this;
  }

  @Override
  public AlsFactors initialise() { return warmItems == null ? AlsFactors.initial() : new AlsFactors(null, warmItems); }

  /**
   * One iteration, two half-steps: users from the items (iteration 1: seeded or warm-start items), then
   * items from the new users. The training RMSE is √(SSE / n) of the items half-step: the error of the
   * pair (users, items) the iteration ends with.
   */
  @Override
  public StepResult<AlsFactors> step(AlsFactors current, int iteration) throws Exception {
    AlsPasses.HalfStep users = passes.solve(AlsPasses.Side.USERS, FactorSource.itemsOf(current), iteration);
    AlsPasses.HalfStep items = passes.solve(AlsPasses.Side.ITEMS, FactorSource.solved(users.factors()), iteration);
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (!params.implicit()) metrics.put("train_rmse", Math.sqrt(items.trainSse() / Math.max(1, items.trainRatings())));
    metrics.put("ratings", (double) items.trainRatings());
    return new StepResult<>(new AlsFactors(users.factors(), items.factors()), metrics, false);
  }

  /** The factors live in files; their training RMSE is what says they have blown up. */
  @Override
  public String divergence(StepResult<AlsFactors> step) {
    return org.shardtrain.core.loop.DivergedException.nonFiniteMetric(step.metrics(), "train_rmse");
  }

  @Override
  public String divergenceHint() { return "use a larger --lambda"; }
}
