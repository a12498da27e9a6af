package org.shardtrain.core.als;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.shardtrain.core.kernel.DenseKernels;

/**
 * One block of ALS's ratings from one side: the block's own IDs (users, or items) in sorted order, each
 * with its ratings as indices into the sorted IDs of the other side that the block references. A solve
 * takes those other factors (row-major, in {@link #otherIds()} order) and gives the block's new factors.
 * Everything is primitive arrays; the only objects are the IDs.
 */
public final class RatingBlock {
  private final String[] ids;
  private final int[] rowStart;
  private final int[] other;
  private final double[] ratings;
  private final String[] otherIds;

  private RatingBlock(String[] ids, int[] rowStart, int[] other, double[] ratings, String[] otherIds) {
    this.ids = ids;
    this.rowStart = rowStart;
    this.other = other;
    this.ratings = ratings;
    this.otherIds = otherIds;
  }

  /** Collects (own ID, other ID, rating) triples, in any order, into a block. */
  public static final class Builder {
    private final List<String> own = new ArrayList<>();
    private final List<String> others = new ArrayList<>();
    private double[] values = new double[1024];

    public void add(String ownId, String otherId, double rating) {
      if (own.size() == values.length) values = Arrays.copyOf(values, values.length * 2);
      values[own.size()] = rating;
      own.add(ownId);
      others.add(otherId);
    }

    public RatingBlock build() {
      int n = own.size();
      String[] otherIds = others.stream().distinct().sorted().toArray(String[]::new);
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) order[i] = i;
      // By own ID, then other ID: each row's ratings in a fixed order, whatever order the files came in.
      Arrays.sort(order, (a, b) -> {
        int c = own.get(a).compareTo(own.get(b));
        return c != 0 ? c : others.get(a).compareTo(others.get(b));
      });
      List<String> ids = new ArrayList<>();
      List<Integer> starts = new ArrayList<>();
      int[] other = new int[n];
      double[] ratings = new double[n];
      for (int r = 0; r < n; r++) {
        int i = order[r];
        if (ids.isEmpty() || !ids.get(ids.size() - 1).equals(own.get(i))) {
          ids.add(own.get(i));
          starts.add(r);
        }
        other[r] = Arrays.binarySearch(otherIds, others.get(i));
        ratings[r] = values[i];
      }
      starts.add(n);
      int[] rowStart = starts.stream().mapToInt(Integer::intValue).toArray();
      return new RatingBlock(ids.toArray(String[]::new), rowStart, other, ratings, otherIds);
    }
  }

  public int size() { return ids.length; }
  public String id(int row) { return ids[row]; }
  public String[] ids() { return ids; }
  public String[] otherIds() { return otherIds; }
  public long ratingCount() { return ratings.length; }

  /** Row of {@code id} among this block's IDs, or a negative number when absent. */
  public int row(String id) { return Arrays.binarySearch(ids, id); }

  /** Index of {@code id} among the other side's referenced IDs, or a negative number. */
  public int otherIndex(String id) { return Arrays.binarySearch(otherIds, id); }

  /** The other-side IDs that row {@code r} rates. */
  public int ratingsFrom(int r) { return rowStart[r]; }
  public int ratingsTo(int r) { return rowStart[r + 1]; }
  public int otherOf(int rating) { return other[rating]; }
  public double rating(int rating) { return ratings[rating]; }

  /** New factors of every row, and the squared training error under them (explicit feedback). */
  public record Solved(FactorBlock factors, double squaredError, long ratings) {}

  /**
   * Solves every row's k×k normal equation against {@code otherFactors} (a row per {@link #otherIds()}, in
   * that order) as one batch on {@code kernels}; implicit feedback adds the packed Gram matrix of all the
   * other side's factors.
   */
  public Solved solve(FactorBlock otherFactors, AlsParams p, double[] gram, DenseKernels kernels) {
    int k = otherFactors.rank();
    if (k != p.rank() || otherFactors.rows() != otherIds.length) {
      throw new IllegalArgumentException(otherFactors + " given for " + otherIds.length + " rows of rank " + p.rank());
    }
    FactorBlock out = new FactorBlock(ids.length, k);
    DenseKernels.AlsSolveSpec spec = p.implicit()
        ? new DenseKernels.AlsSolveSpec(p.lambda(), true, p.alpha(), gram) : DenseKernels.AlsSolveSpec.explicit(p.lambda());
    double sse = kernels.alsSolve(rowStart, other, ratings, ids.length, otherFactors, spec, out);
    return new Solved(out, sse, ratings.length);
  }
}
