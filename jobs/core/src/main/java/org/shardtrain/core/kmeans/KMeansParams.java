package org.shardtrain.core.kmeans;

import java.util.List;
import org.shardtrain.core.param.Param;
import org.shardtrain.core.param.ResolvedParams;

/** The k-means parameters, declared once, and their typed, validated values for one run. */
public record KMeansParams(int k, Init init, DistanceMeasure distance, int maxIterations, double tolerance,
                           long seed, int initRounds) {

  public enum Init { PARALLEL, RANDOM }

  public static final Param<Integer> K = Param.intParam("k", "shardtrain.kmeans.k").required().modelDefining()
      .validate(v -> v >= 1, "k must be at least 1").describe("number of clusters").build();
  public static final Param<Init> INIT = Param.enumParam("init", "shardtrain.kmeans.init", Init.class)
      .defaultsTo(Init.PARALLEL).modelDefining()
      .describe("initial centres: parallel = k-means|| (Bahmani et al. 2012), random = k distinct points").build();
  public static final Param<DistanceMeasure> DISTANCE = Param.enumParam("distance", "shardtrain.kmeans.distance",
      DistanceMeasure.class).defaultsTo(DistanceMeasure.EUCLIDEAN).modelDefining()
      .describe("distance measure").build();
  public static final Param<Integer> MAX_ITER = Param.intParam("max-iter", "shardtrain.kmeans.max-iter")
      .defaultsTo(20).validate(v -> v >= 0, "must be 0 or more").describe("most Lloyd iterations").build();
  public static final Param<Double> TOL = Param.doubleParam("tol", "shardtrain.kmeans.tol").defaultsTo(1e-4)
      .modelDefining().validate(v -> v >= 0, "must be 0 or more")
      .describe("converged when no centre moves farther than this").build();
  public static final Param<Long> SEED = Param.longParam("seed", "shardtrain.kmeans.seed").defaultsTo(42L)
      .modelDefining().describe("random seed; the same seed and input give the same model").build();
  public static final Param<Integer> INIT_ROUNDS = Param.intParam("init-rounds", "shardtrain.kmeans.init-rounds")
      .defaultsTo(KMeansInit.DEFAULT_ROUNDS).modelDefining().validate(v -> v >= 1, "must be at least 1")
      .describe("k-means|| sampling rounds").build();

  public static final Param<String> INITIAL_MODEL = Param.pathParam("initial-model", "shardtrain.kmeans.initial-model")
      .optional().modelDefining().describe("warm start: the centres of an earlier kmeans output, model, or publish "
          + "registry (its current model) replace --init; its k, dimension and distance must match").build();

  public static final List<Param<?>> ALL = List.of(K, INIT, DISTANCE, MAX_ITER, TOL, SEED, INIT_ROUNDS, INITIAL_MODEL);

  public static KMeansParams from(ResolvedParams p) {
    return new KMeansParams(p.get(K), p.get(INIT), p.get(DISTANCE), p.get(MAX_ITER), p.get(TOL), p.get(SEED),
        p.get(INIT_ROUNDS));
  }
}
