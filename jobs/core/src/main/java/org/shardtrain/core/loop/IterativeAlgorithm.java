package org.shardtrain.core.loop;

/**
 * An algorithm as the {@link IterationLoop} sees it: an initial model, one iteration at a time, and a
 * final evaluation. Implementations hold the algorithm's math and ask an engine (MapReduce jobs, YARN
 * workers, or the in-process reference) to run its passes over the data.
 */
public interface IterativeAlgorithm<M> {
  M initialise() throws Exception;

  /** Runs iteration {@code iteration} (1-based) from {@code model}. */
  StepResult<M> step(M model, int iteration) throws Exception;

  /**
   * Why the result of an iteration has diverged (a NaN or infinite loss, weights or centres), or null when
   * it has not. Checked by the loop before the state is saved.
   */
  default String divergence(StepResult<M> step) { return null; }

  /** What to change when {@link #divergence} is not null (e.g. a smaller step size). */
  default String divergenceHint() { return ""; }
}
