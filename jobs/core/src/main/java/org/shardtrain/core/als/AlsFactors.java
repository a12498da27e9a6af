package org.shardtrain.core.als;

/**
 * Where an iteration's factors are: the engine's locations (folders on HDFS for MapReduce) of the user and
 * item factors. Null locations mean "not yet computed": the item factors of iteration 1 are
 * {@link InitialFactors}.
 */
public record AlsFactors(String users, String items) {
  public static AlsFactors initial() { return new AlsFactors(null, null); }
}
