package org.shardtrain.core.als;

/**
 * Where an iteration's factors are: the engine's locations of the user and item factors (factor folders,
 * laid out by formats' {@code FactorFolders}, for the MapReduce and YARN engines; keys of
 * {@link InMemoryAlsPasses}' table in memory). Null locations mean "not yet computed": the item factors
 * of iteration 1 are {@link InitialFactors}. A start state (no users yet) with items is a warm start: those
 * item factors, and {@link InitialFactors} for any item they lack.
 */
public record AlsFactors(String users, String items) {
  public static AlsFactors initial() { return new AlsFactors(null, null); }

  /** Before iteration 1: seeded or warm-start item factors, no user factors yet. */
  public boolean isStart() { return users == null; }
}
