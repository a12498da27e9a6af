package org.shardtrain.core.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one iteration loop: owns the iteration budget, convergence, checkpointing and resume, and asks the
 * algorithm (through its engine) for one step at a time. The state after initialisation is checkpoint 0,
 * so a resumed run never repeats a finished initialisation. With {@code checkpointEvery} N, the states
 * after iterations N, 2N, ... are saved, and so is the last one (converged or out of budget), so that a
 * finished run is never repeated by a resume.
 */
public final class IterationLoop<M> {
  private final IterativeAlgorithm<M> algorithm;
  private final CheckpointStore<M> store;
  private final IterationListener listener;

  private final int checkpointEvery;

  public IterationLoop(IterativeAlgorithm<M> algorithm, CheckpointStore<M> store, IterationListener listener) {
    this(algorithm, store, listener, 1);
  }

  public IterationLoop(IterativeAlgorithm<M> algorithm, CheckpointStore<M> store, IterationListener listener,
                       int checkpointEvery) {
    if (checkpointEvery < 1) throw new IllegalArgumentException("checkpointEvery must be at least 1");
    this.algorithm = algorithm;
    this.store = store;
    this.listener = listener;
    this.checkpointEvery = checkpointEvery;
  }

  /** Runs until convergence or {@code maxIterations}; with {@code resume}, from the newest checkpoint if any. */
  public TrainingState<M> run(int maxIterations, boolean resume) throws Exception {
    Optional<TrainingState<M>> restored = resume ? store.latest() : Optional.empty();
    TrainingState<M> state;
    if (restored.isPresent()) {
      state = restored.get();
    } else {
      state = new TrainingState<>(0, algorithm.initialise(), false, List.of());
      store.save(state);
    }
    List<IterationRecord> history = new ArrayList<>(state.history());
    while (!state.converged() && state.iteration() < maxIterations) {
      int iteration = state.iteration() + 1;
      long start = System.nanoTime();
      StepResult<M> step = algorithm.step(state.model(), iteration);
      String diverged = algorithm.divergence(step);
      if (diverged != null) throw new DivergedException(iteration, diverged, algorithm.divergenceHint());
      IterationRecord record = new IterationRecord(iteration, (System.nanoTime() - start) / 1e9, step.metrics());
      history.add(record);
      state = new TrainingState<>(iteration, step.model(), step.converged(), history);
      if (iteration % checkpointEvery == 0 || step.converged() || iteration >= maxIterations) {
        store.save(state);
      } else {
        store.passed(state);
      }
      listener.iterationDone(record, step.converged());
    }
    return state;
  }
}
