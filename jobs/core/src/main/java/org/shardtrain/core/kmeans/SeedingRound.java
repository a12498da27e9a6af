package org.shardtrain.core.kmeans;

import java.util.Arrays;

/**
 * One sampling round of k-means|| (Bahmani et al., 2012): with C the candidates so far and
 * φ = Σ d(x, C) over all points, each point joins C independently with probability min(1, ℓ·d(x, C)/φ).
 *
 * <p>φ is only known once every point has been seen, so a task cannot decide alone. With the point's own
 * uniform u = {@link PointHash#uniform}, x is chosen iff t = ℓ·d(x, C)/u exceeds φ. Any partial sum of
 * costs is at most φ, so a task keeps only the points whose t exceeds its running cost (a necessary
 * condition), and the final choice is made after merging, when φ is known. The kept set stays small (about
 * ℓ points per task) and the choice is the same for any split of the input.
 */
public final class SeedingRound {
  private final int d;
  private final long seed;
  private final int round;
  private final double oversampling;
  private double cost;
  private double[] thresholds = new double[64];
  private double[] points;
  private int size;
  private int pruneAt = 1024;

  public SeedingRound(int d, long seed, int round, double oversampling) {
    this.d = d;
    this.seed = seed;
    this.round = round;
    this.oversampling = oversampling;
    this.points = new double[64 * d];
  }

  public double cost() { return cost; }
  public int size() { return size; }

  /** Adds a prepared point whose distance to the nearest current candidate is {@code distance}. */
  public void add(double[] x, double distance) {
    cost += distance;
    if (distance <= 0) return;
    double u = PointHash.uniform(seed, round, x, d);
    double t = u == 0 ? Double.POSITIVE_INFINITY : oversampling * distance / u;
    if (t > cost) {
      keep(t, x, 0);
      if (size >= pruneAt) {
        prune(cost);
        pruneAt = Math.max(1024, 2 * size);
      }
    }
  }

  public void merge(SeedingRound other) {
    cost += other.cost;
    for (int i = 0; i < other.size; i++) keep(other.thresholds[i], other.points, i * d);
    prune(cost);
  }

  /** Adds a shipped partial: its cost and kept (threshold, point) entries. */
  public void addPartial(double partialCost, double[] entryThresholds, double[] entryPoints, int entries) {
    cost += partialCost;
    for (int i = 0; i < entries; i++) keep(entryThresholds[i], entryPoints, i * d);
  }

  public double threshold(int i) { return thresholds[i]; }
  public double[] point(int i) { return Arrays.copyOfRange(points, i * d, (i + 1) * d); }

  /** After all points are merged: the chosen points (t &gt; φ), row-major, in a split-independent order. */
  public double[] chosen() {
    prune(cost);
    Integer[] idx = new Integer[size];
    for (int i = 0; i < size; i++) idx[i] = i;
    Arrays.sort(idx, (a, b) -> Arrays.compare(points, a * d, (a + 1) * d, points, b * d, (b + 1) * d));
    double[] out = new double[size * d];
    int n = 0;
    for (int i = 0; i < size; i++) {
      int at = idx[i] * d;
      if (n > 0 && Arrays.equals(out, (n - 1) * d, n * d, points, at, at + d)) continue; // duplicates
      System.arraycopy(points, at, out, n * d, d);
      n++;
    }
    return Arrays.copyOf(out, n * d);
  }

  private void keep(double t, double[] x, int off) {
    if (size == thresholds.length) {
      // The kept candidates are about ℓ per task and round, but ℓ grows with k: k·d fits an array, 2ℓ·d need not.
      if (2L * size * d > KMeansAlgorithm.MAX_VALUES) {
        throw new IllegalArgumentException("k-means|| kept more than " + size + " candidates of dimension " + d
            + ", beyond one array's 2^31 values; use a smaller --k or --init random");
      }
      thresholds = Arrays.copyOf(thresholds, size * 2);
      points = Arrays.copyOf(points, size * 2 * d);
    }
    thresholds[size] = t;
    System.arraycopy(x, off, points, size * d, d);
    size++;
  }

  private void prune(double bound) {
    int w = 0;
    for (int i = 0; i < size; i++) {
      if (thresholds[i] > bound) {
        thresholds[w] = thresholds[i];
        System.arraycopy(points, i * d, points, w * d, d);
        w++;
      }
    }
    size = w;
  }
}
