package org.shardtrain.core.kmeans;

import java.util.Arrays;

/**
 * The {@code capacity} points farthest from their centres, kept so that an empty cluster can be re-seeded
 * from the point that is served worst. Mergeable; ties in distance are broken by the points' values, so
 * the kept set does not depend on the order the points arrive in.
 */
public final class FarthestPoints {
  private final int capacity;
  private final int d;
  private final double[] distances;
  private final double[] points;
  private int size;
  private double floor = Double.NEGATIVE_INFINITY; // smallest kept distance once full

  public FarthestPoints(int capacity, int d) {
    this.capacity = capacity;
    this.d = d;
    this.distances = new double[capacity];
    this.points = new double[capacity * d];
  }

  public int size() { return size; }
  public int capacity() { return capacity; }
  public double distance(int i) { return distances[i]; }
  public double[] point(int i) { return Arrays.copyOfRange(points, i * d, (i + 1) * d); }

  public void offer(double distance, double[] x, int xOffset) {
    if (capacity == 0) return;
    if (size == capacity && distance < floor) return; // the common case: one comparison
    for (int i = 0; i < size; i++) {
      if (distances[i] == distance && Arrays.equals(points, i * d, (i + 1) * d, x, xOffset, xOffset + d)) return;
    }
    int slot;
    if (size < capacity) {
      slot = size++;
    } else {
      slot = weakest();
      if (!better(distance, x, xOffset, distances[slot], points, slot * d)) return;
    }
    distances[slot] = distance;
    System.arraycopy(x, xOffset, points, slot * d, d);
    if (size == capacity) floor = distances[weakest()];
  }

  public void merge(FarthestPoints other) {
    for (int i = 0; i < other.size; i++) offer(other.distances[i], other.points, i * d);
  }

  /** Kept points in order: farthest first (ties by values), the order empty clusters take them in. */
  public int[] order() {
    Integer[] idx = new Integer[size];
    for (int i = 0; i < size; i++) idx[i] = i;
    Arrays.sort(idx, (a, b) -> better(distances[a], points, a * d, distances[b], points, b * d) ? -1
        : better(distances[b], points, b * d, distances[a], points, a * d) ? 1 : 0);
    int[] out = new int[size];
    for (int i = 0; i < size; i++) out[i] = idx[i];
    return out;
  }

  private int weakest() {
    int w = 0;
    for (int i = 1; i < size; i++) {
      if (better(distances[w], points, w * d, distances[i], points, i * d)) w = i;
    }
    return w;
  }

  private boolean better(double da, double[] a, int aOff, double db, double[] b, int bOff) {
    if (da != db) return da > db;
    return Arrays.compare(a, aOff, aOff + d, b, bOff, bOff + d) < 0;
  }
}
