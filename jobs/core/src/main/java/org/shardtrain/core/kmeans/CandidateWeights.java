package org.shardtrain.core.kmeans;

/**
 * The last pass of k-means||: how many points are nearest to each candidate (its weight in the local
 * re-clustering) and the cost of the candidate set. Mergeable by addition.
 */
public final class CandidateWeights {
  private final long[] weights;
  private double cost;

  public CandidateWeights(int candidates) {
    this.weights = new long[candidates];
  }

  public void add(int candidate, double distance) {
    weights[candidate]++;
    cost += distance;
  }

  public void addPartial(int candidate, long weight, double partialCost) {
    weights[candidate] += weight;
    cost += partialCost;
  }

  public void merge(CandidateWeights other) {
    for (int i = 0; i < weights.length; i++) weights[i] += other.weights[i];
    cost += other.cost;
  }

  public int size() { return weights.length; }
  public long weight(int i) { return weights[i]; }
  public long[] weights() { return weights.clone(); }
  public double cost() { return cost; }
}
