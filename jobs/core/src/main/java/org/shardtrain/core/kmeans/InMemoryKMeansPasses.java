package org.shardtrain.core.kmeans;

/**
 * The reference engine: the points held in memory, cut into {@code splits} {@link PointShard}s whose
 * statistics are merged exactly as a distributed engine would. The MapReduce and YARN engines are tested
 * against it.
 */
public final class InMemoryKMeansPasses implements KMeansPasses {
  private final PointShard[] shards;
  private final int d;
  private final long seed;

  public InMemoryKMeansPasses(double[][] rawPoints, DistanceMeasure measure, long seed, int splits) {
    this.d = rawPoints[0].length;
    this.seed = seed;
    int n = Math.max(1, splits);
    this.shards = new PointShard[n];
    for (int s = 0; s < n; s++) {
      shards[s] = new PointShard(d, measure, seed);
      int from = (int) ((long) rawPoints.length * s / n);
      int to = (int) ((long) rawPoints.length * (s + 1) / n);
      double[] block = new double[(to - from) * d];
      for (int i = from; i < to; i++) {
        if (rawPoints[i].length != d) throw new IllegalArgumentException("point " + i + " has dimension " + rawPoints[i].length);
        System.arraycopy(rawPoints[i], 0, block, (i - from) * d, d);
      }
      shards[s].addRaw(block, to - from);
    }
  }

  @Override
  public BottomKSample scan(int sampleSize) {
    BottomKSample total = new BottomKSample(sampleSize, d, seed);
    for (PointShard s : shards) total.merge(s.scan(sampleSize));
    return total;
  }

  @Override
  public SeedingRound seedingRound(double[] candidates, int round, double oversampling) {
    SeedingRound total = new SeedingRound(d, seed, round, oversampling);
    for (PointShard s : shards) total.merge(s.seedingRound(candidates, round, oversampling));
    return total;
  }

  @Override
  public CandidateWeights weigh(double[] candidates) {
    CandidateWeights total = new CandidateWeights(candidates.length / d);
    for (PointShard s : shards) total.merge(s.weigh(candidates));
    return total;
  }

  @Override
  public KMeansStats lloyd(KMeansModel model) {
    KMeansStats total = new KMeansStats(model.k(), d);
    try (org.shardtrain.core.kernel.CpuKernels kernels = new org.shardtrain.core.kernel.CpuKernels(1)) {
      for (PointShard s : shards) total.merge(s.lloyd(model, kernels));
    }
    return total;
  }
}
