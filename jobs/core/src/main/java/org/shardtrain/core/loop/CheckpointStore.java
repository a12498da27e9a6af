package org.shardtrain.core.loop;

import java.io.IOException;
import java.util.Optional;

/** Where the loop keeps its state between iterations; implementations write atomically. */
public interface CheckpointStore<M> {
  /** The newest complete checkpoint, or empty when there is none. */
  Optional<TrainingState<M>> latest() throws IOException;

  void save(TrainingState<M> state) throws IOException;

  /**
   * An iteration that is not checkpointed ({@code --checkpoint-every} above 1): the store may release what
   * only earlier, unsaved states needed.
   */
  default void passed(TrainingState<M> state) throws IOException {}

  /** A store that keeps nothing (the reference driver, tests). */
  static <M> CheckpointStore<M> none() {
    return new CheckpointStore<>() {
      @Override public Optional<TrainingState<M>> latest() { return Optional.empty(); }
      @Override public void save(TrainingState<M> state) {}
    };
  }
}
