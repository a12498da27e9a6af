package org.shardtrain.core.als;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.loop.StepResult;

/** The iteration's structure, owned by the algorithm: users from items, then items from the new users. */
class AlsAlgorithmTest {
  private static final AlsParams EXPLICIT = new AlsParams(2, 0.1, false, 1, 3, 1, null, 0, AlsParams.ColdStart.DROP);

  /** Records the half-steps asked for; "solves" into {@code <side>-<iteration>}. */
  private static final class Recording implements AlsPasses {
    final List<String> calls = new ArrayList<>();

    @Override
    public HalfStep solve(Side side, FactorSource from, int iteration) {
      calls.add(side + " " + from.kind() + " " + from.location() + " " + iteration);
      String at = side.name().toLowerCase() + "-" + iteration;
      return side == Side.USERS ? HalfStep.unmeasured(at) : new HalfStep(at, 8.0, 2);
    }
  }

  @Test
  void anIterationIsTwoHalfStepsAndItsErrorIsTheItemsHalfSteps() throws Exception {
    Recording passes = new Recording();
    AlsAlgorithm als = new AlsAlgorithm(EXPLICIT, passes);
    StepResult<AlsFactors> one = als.step(als.initialise(), 1);
    StepResult<AlsFactors> two = als.step(one.model(), 2);
    assertEquals(List.of("USERS SEEDED null 1", "ITEMS SOLVED users-1 1", "USERS SOLVED items-1 2",
        "ITEMS SOLVED users-2 2"), passes.calls);
    assertEquals(new AlsFactors("users-2", "items-2"), two.model());
    assertEquals(Math.sqrt(8.0 / 2), two.metrics().get("train_rmse"));
    assertEquals(2.0, two.metrics().get("ratings"));
  }

  @Test
  void aWarmStartsFirstUsersHalfStepReadsTheGivenItems() throws Exception {
    Recording passes = new Recording();
    AlsAlgorithm als = new AlsAlgorithm(EXPLICIT, passes).startingFrom("warm-items");
    als.step(als.initialise(), 1);
    assertEquals("USERS WARM warm-items 1", passes.calls.get(0));
  }
}
