package org.shardtrain.core.als;

/** What ALS needs from an engine: one iteration (users from items, then items from users). */
public interface AlsPasses {
  /** Solves every user's factor from the item factors, then every item's from the new user factors. */
  Iteration iterate(AlsFactors current, int iteration) throws Exception;

  /** The new factors and the squared error of the training ratings under them (explicit feedback). */
  record Iteration(AlsFactors factors, double trainSse, long trainRatings) {}
}
