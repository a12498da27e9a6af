package org.shardtrain.core.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which states the loop checkpoints under {@code --checkpoint-every}, and where a resume starts. */
class IterationLoopTest {
  /** Counts to {@code convergeAt} (never, if 0); the model is the iteration number. */
  static IterativeAlgorithm<Integer> counter(int convergeAt) {
    return new IterativeAlgorithm<>() {
      @Override public Integer initialise() { return 0; }
      @Override public StepResult<Integer> step(Integer model, int iteration) {
        return new StepResult<>(model + 1, Map.of(), iteration == convergeAt);
      }
    };
  }

  static final class Recording implements CheckpointStore<Integer> {
    final List<Integer> saved = new ArrayList<>();
    final List<Integer> passed = new ArrayList<>();
    TrainingState<Integer> last;
    @Override public Optional<TrainingState<Integer>> latest() { return Optional.ofNullable(last); }
    @Override public void save(TrainingState<Integer> s) { saved.add(s.iteration()); last = s; }
    @Override public void passed(TrainingState<Integer> s) { passed.add(s.iteration()); }
  }

  @Test
  void everyNthIterationAndTheLastAreSaved() throws Exception {
    Recording store = new Recording();
    TrainingState<Integer> end = new IterationLoop<>(counter(0), store, (r, c) -> {}, 3).run(10, false);
    assertEquals(10, end.model());
    assertEquals(List.of(0, 3, 6, 9, 10), store.saved);
    assertEquals(List.of(1, 2, 4, 5, 7, 8), store.passed);
  }

  @Test
  void aConvergedIterationIsSavedWhateverN() throws Exception {
    Recording store = new Recording();
    new IterationLoop<>(counter(7), store, (r, c) -> {}, 3).run(10, false);
    assertEquals(List.of(0, 3, 6, 7), store.saved);
  }

  @Test
  void aResumeRepeatsOnlyWhatCameAfterTheLastCheckpoint() throws Exception {
    Recording store = new Recording();
    List<Integer> ran = new ArrayList<>();
    IterationListener crashAt5 = (r, c) -> {
      ran.add(r.iteration());
      if (r.iteration() == 5) throw new IllegalStateException("crash");
    };
    try {
      new IterationLoop<>(counter(0), store, crashAt5, 2).run(8, false);
    } catch (IllegalStateException expected) {
      // the driver died after iteration 5; checkpoint 4 is the newest
    }
    assertEquals(4, store.last.iteration());
    ran.clear();
    TrainingState<Integer> end = new IterationLoop<>(counter(0), store, (r, c) -> ran.add(r.iteration()), 2).run(8, true);
    assertEquals(List.of(5, 6, 7, 8), ran);
    assertEquals(8, end.model());
  }
}
