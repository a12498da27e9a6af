package org.shardtrain.core.kmeans;

import java.util.Arrays;

/**
 * The {@code capacity} distinct points with the smallest {@link PointHash} values: a uniform random sample
 * without replacement that any split of the input reproduces exactly (it is mergeable and order-free).
 * Also counts the points it saw. Random initialisation takes its k centres from it; k-means|| takes its
 * first centre (the smallest) and, rarely, tops up its candidates from it.
 */
public final class BottomKSample {
  private final int capacity;
  private final int d;
  private final long seed;
  // Grown as points arrive, not allocated at capacity: a --k far above the number of points (2e9 on a
  // 3-point file) must reach the "k is larger than the number of distinct points" check, not exhaust the heap.
  private long[] hashes;
  private double[] points;
  private int size;
  private long seen;

  public BottomKSample(int capacity, int d, long seed) {
    this.capacity = capacity;
    this.d = d;
    this.seed = seed;
    int initial = Math.min(capacity, 64);
    this.hashes = new long[initial];
    this.points = new double[initial * d];
  }

  private void growFor(int n) {
    if (n <= hashes.length) return;
    int grown = (int) Math.min(capacity, Math.max(n, 2L * hashes.length));
    if ((long) grown * d > KMeansAlgorithm.MAX_VALUES) {
      throw new IllegalArgumentException("a sample of " + grown + " points of dimension " + d
          + " exceeds one array's 2^31 values; use a smaller --k");
    }
    hashes = Arrays.copyOf(hashes, grown);
    points = Arrays.copyOf(points, grown * d);
  }

  public long seen() { return seen; }
  public int size() { return size; }

  /** Hash of a point as this sample orders it (unsigned comparison). */
  public long hashOf(double[] x) { return PointHash.hash(seed, 0, x, d); }

  public void add(double[] x) {
    seen++;
    offer(hashOf(x), x, 0);
  }

  /** Keeps (hash, x) if it is among the smallest; identical points count once. */
  void offer(long h, double[] x, int xOffset) {
    int worst = -1;
    for (int i = 0; i < size; i++) {
      if (hashes[i] == h && Arrays.equals(points, i * d, (i + 1) * d, x, xOffset, xOffset + d)) return;
    }
    if (size < capacity) {
      growFor(size + 1);
      worst = size++;
    } else {
      worst = 0;
      for (int i = 1; i < size; i++) if (before(worst, i)) worst = i;
      if (!beforeValue(h, x, xOffset, hashes[worst], points, worst * d)) return;
    }
    hashes[worst] = h;
    System.arraycopy(x, xOffset, points, worst * d, d);
  }

  public void merge(BottomKSample other) {
    seen += other.seen;
    for (int i = 0; i < other.size; i++) offer(other.hashes[i], other.points, i * d);
  }

  /** Adds a previously emitted entry (hash and point), for engines that ship entries one by one. */
  public void addEntry(long hash, double[] x, long seenDelta) {
    seen += seenDelta;
    if (x != null) offer(hash, x, 0);
  }

  public long hash(int i) { return hashes[i]; }

  /** The kept points, smallest hash first, row-major. */
  public double[] sortedPoints() {
    Integer[] idx = new Integer[size];
    for (int i = 0; i < size; i++) idx[i] = i;
    Arrays.sort(idx, (a, b) -> before(a, b) ? -1 : before(b, a) ? 1 : 0);
    double[] out = new double[size * d];
    for (int i = 0; i < size; i++) System.arraycopy(points, idx[i] * d, out, i * d, d);
    return out;
  }

  public double[] point(int i) { return Arrays.copyOfRange(points, i * d, (i + 1) * d); }

  private boolean before(int a, int b) {
    return beforeValue(hashes[a], points, a * d, hashes[b], points, b * d);
  }

  private boolean beforeValue(long ha, double[] a, int aOff, long hb, double[] b, int bOff) {
    int c = Long.compareUnsigned(ha, hb);
    if (c != 0) return c < 0;
    return Arrays.compare(a, aOff, aOff + d, b, bOff, bOff + d) < 0;
  }
}
