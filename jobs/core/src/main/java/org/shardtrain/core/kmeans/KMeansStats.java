package org.shardtrain.core.kmeans;

/**
 * The mergeable statistics of one Lloyd pass: per centre the number of points assigned, the sum of those
 * (prepared) points and the sum of their distances; plus the farthest points, for re-seeding empty
 * clusters. A task adds each of its points, statistics from different tasks merge by addition, and
 * {@link KMeansUpdate} turns the total into the next model.
 */
public final class KMeansStats {
  /** How many far points are kept to re-seed empty clusters (more empty clusters than this are reported). */
  public static final int MAX_RESEEDS = 16;

  private final int k;
  private final int d;
  private final long[] counts;
  private final double[] sums;
  private final double[] costs;
  private final FarthestPoints farthest;

  public KMeansStats(int k, int d) {
    this.k = k;
    this.d = d;
    this.counts = new long[k];
    this.sums = new double[k * d];
    this.costs = new double[k];
    this.farthest = new FarthestPoints(Math.min(k, MAX_RESEEDS), d);
  }

  public int k() { return k; }
  public int dimension() { return d; }

  /** Adds a prepared point that {@code assigner} placed in centre {@code j} at distance {@code distance}. */
  public void add(double[] x, int j, double distance) { add(x, 0, j, distance); }

  /** {@link #add(double[], int, double)} for the point at {@code x[xOff, xOff + d)}. */
  public void add(double[] x, int xOff, int j, double distance) {
    counts[j]++;
    costs[j] += distance;
    int off = j * d;
    for (int i = 0; i < d; i++) sums[off + i] += x[xOff + i];
    farthest.offer(distance, x, xOff);
  }

  /** Assigns and adds one prepared point. */
  public void add(double[] x, Assigner assigner) {
    int j = assigner.assign(x);
    add(x, j, assigner.lastDistance());
  }

  /** Adds one centre's partial statistics (as shipped between tasks). */
  public void addPartial(int j, long count, double cost, double[] sum) {
    counts[j] += count;
    costs[j] += cost;
    int off = j * d;
    for (int i = 0; i < d; i++) sums[off + i] += sum[i];
  }

  public void merge(KMeansStats other) {
    for (int j = 0; j < k; j++) addPartial(j, other.counts[j], other.costs[j], other.sum(j));
    farthest.merge(other.farthest);
  }

  public long count(int j) { return counts[j]; }
  public double cost(int j) { return costs[j]; }
  public double[] sum(int j) { return java.util.Arrays.copyOfRange(sums, j * d, (j + 1) * d); }
  public FarthestPoints farthest() { return farthest; }

  /** Sum of distances of every point to its nearest centre (WSSSE for Euclidean). */
  public double totalCost() {
    double s = 0;
    for (double c : costs) s += c;
    return s;
  }

  public long totalCount() {
    long n = 0;
    for (long c : counts) n += c;
    return n;
  }

  double[] sumsView() { return sums; }
  long[] countsView() { return counts; }
  double[] costsView() { return costs; }
}
