package org.shardtrain.core.als;

/**
 * What ALS needs from an engine: one half-step, "solve every factor of this side from the other side's
 * factors". {@link AlsAlgorithm} makes an iteration of two (users from items, then items from users), so
 * the iteration's structure is the core's, whatever the engine. Factors are named by the engine's
 * locations (factor folders for the MapReduce and YARN engines, keys of a table in memory for
 * {@link InMemoryAlsPasses}).
 */
public interface AlsPasses {
  /** The side a half-step solves. */
  enum Side { USERS, ITEMS }

  /**
   * Solves every factor of {@code side}: row u's x_u = (Σ y·yᵀ + λ·n_u·I)⁻¹·Σ r·y over its ratings, y the
   * other side's factors from {@code from} (implicit feedback: see {@link NormalEquation}), and keeps them
   * as iteration {@code iteration}'s factors of that side.
   */
  HalfStep solve(Side side, FactorSource from, int iteration) throws Exception;

  /**
   * Where the new factors are, and Σ (r − x·y)² of the training ratings under them and the factors they
   * were solved from (explicit feedback). The error closes an iteration only after the items half-step,
   * so an engine need measure it only there: {@link #unmeasured} elsewhere.
   */
  record HalfStep(String factors, double trainSse, long trainRatings) {
    public static HalfStep unmeasured(String factors) { return new HalfStep(factors, Double.NaN, -1); }
  }
}
