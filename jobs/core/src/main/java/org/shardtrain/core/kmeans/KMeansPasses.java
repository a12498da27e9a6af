package org.shardtrain.core.kmeans;

/**
 * The passes over the data that k-means needs from an engine. Each pass adds every (prepared, valid) point
 * to fresh statistics in each task and returns the merge of all tasks' statistics; the engine decides
 * where the points live and how partial statistics travel (MapReduce shuffle, YARN worker messages, or a
 * plain loop in the reference driver).
 */
public interface KMeansPasses {
  /** Counts the valid points and samples the {@code sampleSize} distinct points with the smallest hashes. */
  BottomKSample scan(int sampleSize) throws Exception;

  /** One k-means|| round against {@code candidates} (row-major) with oversampling factor ℓ. */
  SeedingRound seedingRound(double[] candidates, int round, double oversampling) throws Exception;

  /** Weights of {@code candidates}: the number of points nearest to each. */
  CandidateWeights weigh(double[] candidates) throws Exception;

  /** One Lloyd pass: per-centre sums, counts and costs under {@code model}. */
  KMeansStats lloyd(KMeansModel model) throws Exception;
}
