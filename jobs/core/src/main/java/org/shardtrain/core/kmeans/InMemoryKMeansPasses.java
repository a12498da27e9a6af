package org.shardtrain.core.kmeans;

/**
 * The reference engine: every pass is a plain loop over points held in memory, optionally cut into
 * {@code splits} parts whose statistics are merged, exactly as a distributed engine would. The MapReduce
 * and YARN engines are tested against it.
 */
public final class InMemoryKMeansPasses implements KMeansPasses {
  private final double[][] points; // prepared
  private final int d;
  private final DistanceMeasure measure;
  private final long seed;
  private final int splits;

  public InMemoryKMeansPasses(double[][] rawPoints, DistanceMeasure measure, long seed, int splits) {
    this.d = rawPoints[0].length;
    this.measure = measure;
    this.seed = seed;
    this.splits = Math.max(1, splits);
    this.points = new double[rawPoints.length][d];
    for (int i = 0; i < rawPoints.length; i++) {
      if (rawPoints[i].length != d) throw new IllegalArgumentException("point " + i + " has dimension " + rawPoints[i].length);
      String bad = measure.prepare(rawPoints[i], d, points[i]);
      if (bad != null) throw new IllegalArgumentException("point " + i + ": " + bad);
    }
  }

  private int from(int split) { return (int) ((long) points.length * split / splits); }

  @Override
  public BottomKSample scan(int sampleSize) {
    BottomKSample total = null;
    for (int s = 0; s < splits; s++) {
      BottomKSample part = new BottomKSample(sampleSize, d, seed);
      for (int i = from(s); i < from(s + 1); i++) part.add(points[i]);
      if (total == null) total = part; else total.merge(part);
    }
    return total;
  }

  @Override
  public SeedingRound seedingRound(double[] candidates, int round, double oversampling) {
    Assigner assigner = new Assigner(candidates, candidates.length / d, d, measure);
    SeedingRound total = null;
    for (int s = 0; s < splits; s++) {
      SeedingRound part = new SeedingRound(d, seed, round, oversampling);
      for (int i = from(s); i < from(s + 1); i++) {
        assigner.assign(points[i]);
        part.add(points[i], assigner.lastDistance());
      }
      if (total == null) total = part; else total.merge(part);
    }
    return total;
  }

  @Override
  public CandidateWeights weigh(double[] candidates) {
    Assigner assigner = new Assigner(candidates, candidates.length / d, d, measure);
    CandidateWeights total = new CandidateWeights(candidates.length / d);
    for (int s = 0; s < splits; s++) {
      CandidateWeights part = new CandidateWeights(candidates.length / d);
      for (int i = from(s); i < from(s + 1); i++) part.add(assigner.assign(points[i]), assigner.lastDistance());
      total.merge(part);
    }
    return total;
  }

  @Override
  public KMeansStats lloyd(KMeansModel model) {
    Assigner assigner = new Assigner(model);
    KMeansStats total = new KMeansStats(model.k(), d);
    for (int s = 0; s < splits; s++) {
      KMeansStats part = new KMeansStats(model.k(), d);
      for (int i = from(s); i < from(s + 1); i++) part.add(points[i], assigner);
      total.merge(part);
    }
    return total;
  }
}
