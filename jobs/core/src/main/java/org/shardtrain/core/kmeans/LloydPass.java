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
    if (nearest.length < count) nearest = new int[count];
    add(values, count, nearest, false);
  }

  /**
   * The same for points held across passes (a YARN worker's shard): {@code assigned} holds each point's
   * centre of the previous pass (-1 before the first) and is updated, so the kernel can skip the centres
   * that cannot win. The statistics are those of {@link #addBlock(double[], int)}, bit for bit.
   */
  public void addBlock(double[] values, int count, int[] assigned) {
    if (count == 0) return;
    add(values, count, assigned, true);
  }

  private void add(double[] values, int count, int[] assigned, boolean fromPrevious) {
    if (distance.length < count) distance = new double[count];
    int d = model.dimension();
    boolean euclidean = model.measure() == DistanceMeasure.EUCLIDEAN;
    if (fromPrevious) {
      kernels.kmeansAssignFrom(values, count, d, model.centresView(), model.k(), euclidean, assigned, distance,
          stats.countsView(), stats.sumsView(), stats.costsView());
    } else {
      kernels.kmeansAssign(values, count, d, model.centresView(), model.k(), euclidean, assigned, distance,
          stats.countsView(), stats.sumsView(), stats.costsView());
    }
    for (int i = 0; i < count; i++) stats.farthest().offer(distance[i], values, i * d);
  }

  public KMeansStats stats() { return stats; }
}
