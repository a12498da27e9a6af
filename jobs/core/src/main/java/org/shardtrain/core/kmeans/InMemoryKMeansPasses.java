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
    this(cut(rawPoints, splits), measure, seed);
  }

  /**
   * Over the given splits, whose statistics are merged in this order: a distributed engine's map tasks or
   * workers, when a test needs their exact layout (the merge order decides the last bits of every sum).
   */
  public InMemoryKMeansPasses(double[][][] splits, DistanceMeasure measure, long seed) {
    this.d = splits[0][0].length;
    this.seed = seed;
    this.shards = new PointShard[splits.length];
    for (int s = 0; s < splits.length; s++) {
      shards[s] = new PointShard(d, measure, seed);
      double[] block = new double[splits[s].length * d];
      for (int i = 0; i < splits[s].length; i++) {
        if (splits[s][i].length != d) throw new IllegalArgumentException("point " + i + " of split " + s + " has dimension " + splits[s][i].length);
        System.arraycopy(splits[s][i], 0, block, i * d, d);
      }
      shards[s].addRaw(block, splits[s].length);
    }
  }

  private static double[][][] cut(double[][] rawPoints, int splits) {
    int n = Math.max(1, splits);
    double[][][] out = new double[n][][];
    for (int s = 0; s < n; s++) {
      int from = (int) ((long) rawPoints.length * s / n);
      int to = (int) ((long) rawPoints.length * (s + 1) / n);
      out[s] = java.util.Arrays.copyOfRange(rawPoints, from, to);
    }
    return out;
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
