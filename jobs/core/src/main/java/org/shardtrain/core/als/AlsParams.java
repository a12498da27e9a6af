package org.shardtrain.core.als;

import java.util.List;
import org.shardtrain.core.param.Param;
import org.shardtrain.core.param.ParamException;
import org.shardtrain.core.param.ResolvedParams;

/** The ALS parameters, declared once, and their typed, validated values for one run. */
public record AlsParams(int rank, double lambda, boolean implicit, double alpha, int maxIterations, long seed,
                        String testInput, double testFraction, ColdStart coldStart) {

  /** What evaluation does with a rating whose user or item has no factor: drop it, or predict the mean. */
  public enum ColdStart { DROP, MEAN }

  public static final Param<Integer> RANK = Param.intParam("rank", "shardtrain.als.rank").defaultsTo(10).modelDefining()
      .validate(v -> v >= 1 && v <= 1000, "must be between 1 and 1000").describe("number of latent factors k").build();
  public static final Param<Double> LAMBDA = Param.doubleParam("lambda", "shardtrain.als.lambda").defaultsTo(0.1)
      .modelDefining().validate(v -> v > 0, "must be positive")
      .describe("regularisation, scaled by each user's or item's number of ratings (weighted-λ)").build();
  public static final Param<Boolean> IMPLICIT = Param.flag("implicit", "shardtrain.als.implicit").modelDefining()
      .describe("implicit feedback (Hu, Koren, Volinsky 2008): preference r > 0, confidence 1 + α·r").build();
  public static final Param<Double> ALPHA = Param.doubleParam("alpha", "shardtrain.als.alpha").defaultsTo(1.0)
      .modelDefining().validate(v -> v >= 0, "must be 0 or more").describe("implicit feedback: confidence slope").build();
  public static final Param<Integer> MAX_ITER = Param.intParam("max-iter", "shardtrain.als.max-iter").defaultsTo(10)
      .validate(v -> v >= 0, "must be 0 or more").describe("iterations (each solves users, then items)").build();
  public static final Param<Long> SEED = Param.longParam("seed", "shardtrain.als.seed").defaultsTo(42L).modelDefining()
      .describe("seed of the initial item factors and of the test split").build();
  public static final Param<String> TEST_INPUT = Param.pathParam("test-input", "shardtrain.als.test-input").optional()
      .describe("held-out ratings for test_rmse").build();
  public static final Param<Double> TEST_FRACTION = Param.doubleParam("test-fraction", "shardtrain.als.test-fraction")
      .defaultsTo(0.0).modelDefining().validate(v -> v >= 0 && v < 1, "must be in [0, 1)")
      .describe("hold out this fraction of the ratings (chosen by hashing each rating with the seed)").build();
  public static final Param<ColdStart> COLD_START = Param.enumParam("cold-start", "shardtrain.als.cold-start",
      ColdStart.class).defaultsTo(ColdStart.DROP)
      .describe("test ratings of users or items unseen in training: drop them, or predict the training mean").build();

  public static final Param<String> INITIAL_MODEL = Param.pathParam("initial-model", "shardtrain.als.initial-model")
      .optional().modelDefining().describe("warm start: the item factors of an earlier als output, model, or publish "
          + "registry (its current model) replace the initial ones (items it lacks start as usual; the rank must match)")
      .build();

  /**
   * The MapReduce engine's broadcast join: how much task memory the other side's factors may take for a half-step
   * to ship them to every task (Hadoop's distributed cache) instead of sending them through the shuffle to the
   * blocks whose rows rate them.
   */
  public static final Param<Integer> BROADCAST_MB = Param.intParam("broadcast-mb", "shardtrain.als.mr.broadcast-mb")
      .defaultsTo(256).validate(n -> n >= 0, "at least 0")
      .describe("--engine mr: a half-step whose other side's factors take at most this many MB in a task's memory "
          + "(count × (8·rank + 120) bytes) ships them to every task and solves map-only; above it (or 0) the "
          + "half-step is blocked: each factor goes through the shuffle once to each block of rows that rates it "
          + "(as many blocks as --reducers)").build();

  public static final List<Param<?>> ALL = List.of(RANK, LAMBDA, IMPLICIT, ALPHA, MAX_ITER, SEED, INITIAL_MODEL, TEST_INPUT,
      TEST_FRACTION, COLD_START, BROADCAST_MB);

  public static AlsParams from(ResolvedParams p) {
    if (p.get(TEST_INPUT) != null && p.get(TEST_FRACTION) > 0) {
      throw new ParamException("give --test-input or --test-fraction, not both");
    }
    return new AlsParams(p.get(RANK), p.get(LAMBDA), p.get(IMPLICIT), p.get(ALPHA), p.get(MAX_ITER), p.get(SEED),
        p.get(TEST_INPUT), p.get(TEST_FRACTION), p.get(COLD_START));
  }
}
