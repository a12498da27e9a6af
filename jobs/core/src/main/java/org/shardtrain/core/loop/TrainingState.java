package org.shardtrain.core.loop;

import java.util.List;

/** Everything needed to continue a run: the model after {@code iteration} iterations and the history so far. */
public record TrainingState<M>(int iteration, M model, boolean converged, List<IterationRecord> history) {
  public TrainingState {
    history = List.copyOf(history);
  }
}
