package org.shardtrain.core.kmeans;

import org.shardtrain.core.kernel.DenseKernels;

/**
 * One Lloyd pass's statistics through a {@link DenseKernels} backend: blocks of prepared points go in
 * (the kernel assigns them and adds the per-centre partial sums), the far points are offered for
 * re-seeding, and {@link #stats()} is the pass's {@link KMeansStats}. The YARN workers' shards and the
 * MapReduce mapper both run their points through this, so both engines assign with the same arithmetic.
 */
public final class LloydPass {
  private final KMeansModel model;
  private final DenseKernels kernels;
  private final KMeansStats stats;
  private int[] nearest = new int[0];
  private double[] distance = new double[0];

  public LloydPass(KMeansModel model, DenseKernels kernels) {
    this.model = model;
    this.kernels = kernels;
    this.stats = new KMeansStats(model.k(), model.dimension());
  }

  /**
   * Adds {@code count} prepared points, row-major from {@code values[0]}. A backend may keep a device copy
   * of {@code values}: the array must not change afterwards (shards never change; a caller that buffers
   * passes a fresh array each time).
   */
  public void addBlock(double[] values, int count) {
    if (count == 0) return;
    if (nearest.length < count) {
      nearest = new int[count];
      distance = new double[count];
    }
    int d = model.dimension();
    kernels.kmeansAssign(values, count, d, model.centresView(), model.k(), model.measure() == DistanceMeasure.EUCLIDEAN,
        nearest, distance, stats.countsView(), stats.sumsView(), stats.costsView());
    for (int i = 0; i < count; i++) stats.farthest().offer(distance[i], values, i * d);
  }

  public KMeansStats stats() { return stats; }
}
