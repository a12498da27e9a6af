package org.shardtrain.core.sgd;

import java.util.LinkedHashMap;
import java.util.Map;
import org.shardtrain.core.loop.DivergedException;
import org.shardtrain.core.loop.IterativeAlgorithm;
import org.shardtrain.core.loop.StepResult;

/**
 * Linear models fitted by L-BFGS (OWL-QN when the regularisation has an L1 part) on the full-batch
 * {@link LinearObjective}. An iteration: the direction from the memory ({@link QuasiNewtonDirection}), then a
 * backtracking line search from α = 1 (the first iteration: a unit-length step) halving α until the Armijo
 * condition F(x') ≤ F(x) + c₁·◇F·(x' − x) holds. Every trial point is one gradient pass over the shards —
 * a pass returns the loss and the gradient together, so the accepted trial's gradient is the next
 * iteration's and the memory's. The objective is convex for every loss offered, so s·y ≥ 0 along any step
 * and backtracking (rather than a Wolfe search) keeps the update well defined; a pair without positive
 * curvature is skipped.
 *
 * <p>Converged when the objective's relative decrease or the pseudo-gradient's norm (relative to
 * max(1, ‖x‖)) falls to {@code --tol}, or when no trial decreases F any more (rounding: the optimum is
 * reached to machine precision). Spark's defaults are the same in kind (relative tolerance 1e-6).
 */
public final class QuasiNewtonAlgorithm implements IterativeAlgorithm<SgdState> {
  /** Armijo's sufficient-decrease constant (Nocedal and Wright's usual 1e-4). */
  static final double ARMIJO = 1e-4;
  /** Halvings before the search gives up: 2⁻³⁰ of the step is below anything the objective can resolve. */
  static final int MAX_TRIALS = 30;

  private final SgdParams params;
  private final SgdPasses passes;
  private final LinearModel initialModel;

  public QuasiNewtonAlgorithm(SgdParams params, SgdPasses passes, LinearModel initialModel) {
    if (params.optimizer() != Optimizer.LBFGS) throw new IllegalArgumentException("not an L-BFGS run");
    this.params = params;
    this.passes = passes;
    this.initialModel = initialModel;
  }

  @Override
  public SgdState initialise() throws Exception {
    return LinearStart.of(params, passes, initialModel, false).state();
  }

  @Override
  public StepResult<SgdState> step(SgdState state, int iteration) throws Exception {
    double l1 = params.regularization().l1();
    int penalised = state.weights().length;
    long passCount = state.step();
    int passesNow = 0;
    QuasiNewtonMemory memory = state.memory();
    double[] x = state.point();
    if (memory == null) { // the first iteration: f and ∇f at the start point
      LinearObjective at = evaluate(state);
      passesNow++;
      memory = QuasiNewtonMemory.at(at.smoothValue(), at.gradient());
    }
    double value = LinearObjective.plusL1(memory.objective(), x, penalised, l1);
    double[] pg = QuasiNewtonDirection.pseudoGradient(x, memory.gradient(), l1, penalised);
    double[] p = QuasiNewtonDirection.direction(pg, memory, l1 > 0);
    double slope = QuasiNewtonDirection.dot(pg, p);
    if (!(slope < 0)) { // not a descent direction (the orthant constraint can cause this): steepest descent
      memory = QuasiNewtonMemory.at(memory.objective(), memory.gradient());
      p = QuasiNewtonDirection.direction(pg, memory, l1 > 0);
      slope = QuasiNewtonDirection.dot(pg, p);
    }
    double pgNorm = QuasiNewtonDirection.norm(pg);
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (pgNorm == 0 || !(slope < 0)) { // already optimal: nothing decreases F
      return result(state.withMemory(memory), memory, null, value, value, pgNorm, 0, passesNow, metrics, true);
    }
    double alpha = memory.corrections() == 0 ? 1 / QuasiNewtonDirection.norm(p) : 1;
    for (int trial = 0; trial < MAX_TRIALS; trial++, alpha /= 2) {
      double[] xt = QuasiNewtonDirection.trialPoint(x, p, alpha, pg, l1 > 0, penalised);
      SgdState candidate = state.atPoint(xt, passCount + passesNow + 1, null);
      LinearObjective at = evaluate(candidate);
      passesNow++;
      double trialValue = at.value(xt, penalised, l1);
      double[] moved = minus(xt, x);
      if (trialValue <= value + ARMIJO * QuasiNewtonDirection.dot(pg, moved)) {
        QuasiNewtonMemory next = memory.next(at.smoothValue(), at.gradient(), moved, minus(at.gradient(),
            memory.gradient()), params.memory());
        double[] nextPg = QuasiNewtonDirection.pseudoGradient(xt, at.gradient(), l1, penalised);
        double nextNorm = QuasiNewtonDirection.norm(nextPg);
        boolean converged = params.tolerance() > 0 && (Math.abs(value - trialValue) <= params.tolerance() * Math.abs(value)
            || nextNorm <= params.tolerance() * Math.max(1, QuasiNewtonDirection.norm(xt)));
        metrics.put("step_size", alpha);
        return result(state.atPoint(xt, passCount + passesNow, next), next, at, value, trialValue,
            nextNorm, alpha, passesNow, metrics, converged);
      }
    }
    // No trial decreased F: x is optimal to the precision the passes resolve.
    metrics.put("line_search_failed", 1.0);
    return result(state.atPoint(x, passCount + passesNow, memory), memory, null, value, value, pgNorm,
        0, passesNow, metrics, true);
  }

  private StepResult<SgdState> result(SgdState next, QuasiNewtonMemory memory, LinearObjective accepted,
                                      double before, double after, double pgNorm, double alpha, int passesNow,
                                      Map<String, Double> extra, boolean converged) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    double labelStd = next.scaling().labelStd();
    // The mean data loss at the new point, in the label's own units (as sgd reports it).
    double dataLoss = accepted != null ? accepted.dataLoss()
        : memory.objective() - 0.5 * params.regularization().l2() * squares(next.weights());
    metrics.put("train_loss", dataLoss * labelStd * labelStd);
    metrics.put("objective", after);
    metrics.put("objective_decrease", before - after);
    metrics.put("gradient_norm", pgNorm);
    metrics.put("passes", (double) passesNow);
    metrics.put("corrections", (double) memory.corrections());
    metrics.putIfAbsent("step_size", alpha);
    metrics.putAll(extra);
    return new StepResult<>(next, metrics, converged);
  }

  private LinearObjective evaluate(SgdState point) throws Exception {
    GradientStats g = passes.gradient(point.withoutMemory(), params.loss(), point.step(), 1.0);
    return LinearObjective.of(point, g, params.regularization(), params.intercept());
  }

  private static double squares(double[] w) { return QuasiNewtonDirection.dot(w, w); }

  private static double[] minus(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) out[i] = a[i] - b[i];
    return out;
  }

  @Override
  public String divergence(StepResult<SgdState> step) {
    String weights = DivergedException.nonFinite("the weights", step.model().weights());
    if (weights != null) return weights;
    return step.model().classes() != null ? DivergedException.nonFinite("the intercepts", step.model().classes().intercepts())
        : DivergedException.nonFinite("the intercept", step.model().intercept());
  }

  @Override
  public String divergenceHint() {
    return "standardise the features (--standardize) or add an L2 penalty (--reg l2 --lambda …)";
  }
}
