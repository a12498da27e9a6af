package org.shardtrain.core.als;

import java.util.Map;
import java.util.TreeMap;
import org.shardtrain.core.loop.CheckpointStore;
import org.shardtrain.core.loop.IterationListener;
import org.shardtrain.core.loop.IterationLoop;
import org.shardtrain.core.loop.TrainingState;

/**
 * The reference driver for ALS: the whole algorithm in one process over ratings held in maps, through the
 * same loop ({@link IterationLoop}), algorithm ({@link AlsAlgorithm}) and math as every engine, on
 * {@link InMemoryAlsPasses}. Engines are tested against its factors; it is not meant for large data.
 */
public final class AlsReference {
  private AlsReference() {}

  /** The trained factors, ID → factor, and the loop's final state (its history holds the metrics). */
  public record Factors(Map<String, double[]> users, Map<String, double[]> items, TrainingState<AlsFactors> state) {}

  /** Trains on {@code ratings}, user → (item → rating). */
  public static Factors train(Map<String, Map<String, Double>> ratings, AlsParams p) throws Exception {
    InMemoryAlsPasses passes = new InMemoryAlsPasses(ratings, p);
    TrainingState<AlsFactors> state = new IterationLoop<>(new AlsAlgorithm(p, passes),
        CheckpointStore.<AlsFactors>none(), IterationListener.NONE).run(p.maxIterations(), false);
    AlsFactors f = state.model();
    return new Factors(f.users() == null ? new TreeMap<>() : passes.factors(f.users()),
        f.items() == null ? passes.initialItems() : passes.factors(f.items()), state);
  }
}
