package org.shardtrain.core.als;

import java.util.Arrays;
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

  /**
   * Collects (own ID, other ID, rating) triples, in any order, into a block, on primitive arrays: the IDs
   * become ranks among the sorted distinct IDs, and two stable counting sorts (by other ID, then by own ID)
   * put each row's ratings in a fixed order, whatever order the files came in — the order a stable sort of
   * the triples by (own ID, other ID) gives, duplicates of a pair in the order added. No object per rating
   * beyond the (shared) ID strings. A builder builds once.
   */
  public static final class Builder {
    /**
     * A block's ratings are indexed by {@code int} (CSR arrays, one element per rating): a block never
     * holds more, and the message says to cut the data into more blocks.
     */
    public static final int MAX_RATINGS = Integer.MAX_VALUE - 8;

    private String[] own = new String[1024];
    private String[] others = new String[1024];
    private double[] values = new double[1024];
    private int size;

    public void add(String ownId, String otherId, double rating) {
      if (size == values.length) grow();
      own[size] = ownId;
      others[size] = otherId;
      values[size] = rating;
      size++;
    }

    private void grow() {
      if (size >= MAX_RATINGS) {
        throw new IllegalArgumentException("one ALS block holds at most " + MAX_RATINGS + " ratings (one array);"
            + " use more --workers, so that each worker's blocks hold fewer");
      }
      int n = (int) Math.min(MAX_RATINGS, 2L * size);
      own = Arrays.copyOf(own, n);
      others = Arrays.copyOf(others, n);
      values = Arrays.copyOf(values, n);
    }

    public RatingBlock build() {
      if (own == null) throw new IllegalStateException("this builder already built its block");
      int n = size;
      String[] ids = distinctSorted(own, n);
      String[] otherIds = distinctSorted(others, n);
      int[] row = ranks(own, n, ids);
      int[] column = ranks(others, n, otherIds);
      own = null; // the strings live on in ids and otherIds; the references per rating can go
      others = null;
      int[] rowStart = new int[ids.length + 1];
      int[] order = countingSort(countingSort(null, n, column, new int[otherIds.length + 1]), n, row, rowStart);
      int[] other = new int[n];
      double[] ratings = new double[n];
      for (int r = 0; r < n; r++) {
        other[r] = column[order[r]];
        ratings[r] = values[order[r]];
      }
      values = null;
      return new RatingBlock(ids, rowStart, other, ratings, otherIds);
    }

    private static String[] distinctSorted(String[] ids, int n) {
      java.util.Set<String> distinct = new java.util.HashSet<>();
      for (int i = 0; i < n; i++) distinct.add(ids[i]);
      String[] out = distinct.toArray(String[]::new);
      Arrays.sort(out);
      return out;
    }

    private static int[] ranks(String[] ids, int n, String[] sorted) {
      int[] out = new int[n];
      for (int i = 0; i < n; i++) out[i] = Arrays.binarySearch(sorted, ids[i]);
      return out;
    }

    /**
     * Stable counting sort: the ratings {@code in[0, n)} (0..n-1 when null) ordered by {@code key[rating]};
     * {@code starts} (one slot per key value and one more) ends with each key's first position.
     */
    private static int[] countingSort(int[] in, int n, int[] key, int[] starts) {
      for (int i = 0; i < n; i++) starts[key[i] + 1]++;
      for (int v = 1; v < starts.length; v++) starts[v] += starts[v - 1];
      int[] next = Arrays.copyOf(starts, starts.length - 1);
      int[] out = new int[n];
      for (int i = 0; i < n; i++) {
        int q = in == null ? i : in[i];
        out[next[key[q]]++] = q;
      }
      return out;
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
