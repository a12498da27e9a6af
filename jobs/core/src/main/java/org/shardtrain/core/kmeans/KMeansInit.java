package org.shardtrain.core.kmeans;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The parts of initialisation that run in one place once the distributed passes are done.
 *
 * <p>Random: the k distinct points with the smallest hashes ({@link BottomKSample}). k-means||: the
 * candidates chosen by the {@link SeedingRound}s, weighted by {@link CandidateWeights}, are re-clustered
 * to k centres by weighted k-means++ followed by weighted Lloyd iterations (as Spark's {@code LocalKMeans}).
 */
public final class KMeansInit {
  /** Spark's defaults: 2 rounds, ℓ = 2k, 30 local Lloyd iterations. */
  public static final int DEFAULT_ROUNDS = 2;
  public static final int LOCAL_ITERATIONS = 30;

  private KMeansInit() {}

  public static double oversampling(int k) { return 2.0 * k; }

  /** Centres for random initialisation. */
  public static KMeansModel fromSample(BottomKSample sample, int k, int d, DistanceMeasure measure) {
    if (sample.size() < k) throw notEnoughDistinct(sample.size(), k);
    double[] pts = sample.sortedPoints();
    return new KMeansModel(k, d, measure, Arrays.copyOf(pts, k * d));
  }

  /** The first k-means|| candidate: the point with the smallest hash. */
  public static double[] firstCandidate(BottomKSample sample, int d) {
    return Arrays.copyOf(sample.sortedPoints(), d);
  }

  /** Candidates plus the sample's points that are not already among them, until there are at least k. */
  public static double[] topUp(double[] candidates, BottomKSample sample, int k, int d) {
    int n = candidates.length / d;
    if (n >= k) return candidates;
    double[] pts = sample.sortedPoints();
    double[] out = Arrays.copyOf(candidates, Math.max(candidates.length, k * d));
    for (int i = 0; i < pts.length / d && n < k; i++) {
      boolean present = false;
      for (int c = 0; c < n && !present; c++) present = Arrays.equals(out, c * d, (c + 1) * d, pts, i * d, (i + 1) * d);
      if (!present) System.arraycopy(pts, i * d, out, (n++) * d, d);
    }
    if (n < k) throw notEnoughDistinct(n, k);
    return Arrays.copyOf(out, n * d);
  }

  /** Weighted k-means++ then weighted Lloyd over the candidates; deterministic for a seed. */
  public static KMeansModel recluster(double[] candidates, long[] weights, int k, int d, DistanceMeasure measure,
                                      long seed) {
    int n = weights.length;
    if (n < k) throw notEnoughDistinct(n, k);
    if (n == k) return new KMeansModel(k, d, measure, candidates);
    SplittableRandom random = new SplittableRandom(seed);
    double[] centres = new double[k * d];
    // k-means++: the first centre by weight, each next one with probability ∝ weight · d(x, C).
    int first = pickByWeight(random, weights, null);
    System.arraycopy(candidates, first * d, centres, 0, d);
    double[] dist = new double[n];
    for (int i = 0; i < n; i++) dist[i] = measure.distance(candidates, i * d, centres, 0, d);
    for (int c = 1; c < k; c++) {
      double[] mass = new double[n];
      for (int i = 0; i < n; i++) mass[i] = weights[i] * dist[i];
      int next = pickByMass(random, mass);
      if (next < 0) next = pickByWeight(random, weights, dist); // all remaining mass is zero
      System.arraycopy(candidates, next * d, centres, c * d, d);
      for (int i = 0; i < n; i++) dist[i] = Math.min(dist[i], measure.distance(candidates, i * d, centres, c * d, d));
    }
    // Weighted Lloyd until assignments stop changing.
    int[] assignment = new int[n];
    Arrays.fill(assignment, -1);
    double[] x = new double[d];
    for (int iter = 0; iter < LOCAL_ITERATIONS; iter++) {
      Assigner assigner = new Assigner(centres, k, d, measure);
      boolean changed = false;
      double[] sums = new double[k * d];
      long[] counts = new long[k];
      for (int i = 0; i < n; i++) {
        System.arraycopy(candidates, i * d, x, 0, d);
        int j = assigner.assign(x);
        if (j != assignment[i]) changed = true;
        assignment[i] = j;
        counts[j] += weights[i];
        for (int t = 0; t < d; t++) sums[j * d + t] += weights[i] * x[t];
      }
      if (!changed) break;
      for (int j = 0; j < k; j++) {
        if (counts[j] > 0) measure.centreFromSum(sums, j * d, counts[j], d, centres, j * d);
        else System.arraycopy(candidates, random.nextInt(n) * d, centres, j * d, d); // as LocalKMeans does
      }
    }
    return new KMeansModel(k, d, measure, centres);
  }

  private static int pickByWeight(SplittableRandom random, long[] weights, double[] mustBePositive) {
    double[] mass = new double[weights.length];
    for (int i = 0; i < weights.length; i++) {
      mass[i] = (mustBePositive == null || mustBePositive[i] > 0) ? Math.max(1, weights[i]) : 0;
    }
    int i = pickByMass(random, mass);
    return i < 0 ? 0 : i;
  }

  private static int pickByMass(SplittableRandom random, double[] mass) {
    double total = 0;
    for (double m : mass) total += m;
    if (!(total > 0)) return -1;
    double r = random.nextDouble() * total;
    double acc = 0;
    int last = -1;
    for (int i = 0; i < mass.length; i++) {
      if (mass[i] <= 0) continue;
      acc += mass[i];
      last = i;
      if (r < acc) return i;
    }
    return last;
  }

  private static IllegalArgumentException notEnoughDistinct(int found, int k) {
    return new IllegalArgumentException("--k " + k + " is larger than the number of distinct points (" + found + ")");
  }
}
