package org.shardtrain.core.kernel;

import org.shardtrain.core.als.FactorBlock;
import org.shardtrain.core.sgd.Loss;

/**
 * The dense inner work of each algorithm, behind one interface so that a worker runs it on whichever
 * backend it has: {@link CpuKernels} (the default everywhere) or the CUDA backend of GPU workers. Every
 * method adds into the caller's arrays, so a caller can run a shard block by block and merge as it goes.
 * Implementations are not thread-safe: one per worker or task (they may use threads inside).
 */
public interface DenseKernels extends AutoCloseable {
  /** {@code cpu} or {@code cuda}: metrics.json's {@code backend}. */
  String backend();

  /** What the backend runs on, for logs (threads and vector width, or the device's name). */
  String detail();

  /**
   * k-means: for each of {@code n} points (row-major in {@code x}, {@code d} values each) the nearest of
   * {@code k} centres (row-major in {@code centres}), its distance, and the per-centre partial statistics.
   * Scores are ‖c‖² − 2·x·c (Euclidean; a matrix product, not a loop of subtractions) or −x·c (cosine,
   * points and centres of unit length); the lowest wins, ties to the lowest index. The distance of the
   * winner is then exact: Σ(x − c)² (Euclidean), or 1 − x·c (cosine).
   *
   * @param nearest  out: {@code nearest[p]} for p &lt; n
   * @param distance out: {@code distance[p]} for p &lt; n
   * @param counts   added to: points per centre (length k)
   * @param sums     added to: Σ x per centre, row-major (length k·d)
   * @param costs    added to: Σ distance per centre (length k)
   */
  void kmeansAssign(double[] x, int n, int d, double[] centres, int k, boolean euclidean, int[] nearest,
                    double[] distance, long[] counts, double[] sums, double[] costs);

  /**
   * {@link #kmeansAssign}, given each point's centre in the previous pass in {@code nearest} (in and out;
   * -1 where there is none): the same results bit for bit, but a backend may use the previous centres to
   * skip centres that cannot win (the CPU backend does; the default ignores them).
   */
  default void kmeansAssignFrom(double[] x, int n, int d, double[] centres, int k, boolean euclidean, int[] nearest,
                                double[] distance, long[] counts, double[] sums, double[] costs) {
    kmeansAssign(x, n, d, centres, k, euclidean, nearest, distance, counts, sums, costs);
  }

  /**
   * ALS: builds and solves one k×k normal equation per row of a CSR block: row r rates the other side's
   * rows {@code other[q]} with {@code ratings[q]}, q in [rowStart[r], rowStart[r + 1]); their factors are
   * rows of {@code otherFactors} (row-major, k each). Explicit: (Σ y·yᵀ + λ·n_r·I)·x = Σ r·y; implicit
   * (Hu, Koren, Volinsky): YᵀY ({@code gram}, packed upper triangle) + Σ (c − 1)·y·yᵀ with c = 1 + α|r|,
   * right side Σ c·p·y. Arithmetic is that of {@link org.shardtrain.core.als.NormalEquation}, so each
   * row's factors are those the MapReduce engine's reducer computes. The factors are {@link FactorBlock}s
   * (chunks of whole rows), so neither side's block is limited to one array's 2³¹ doubles.
   *
   * @param out the rows' new factors (at least {@code rows} rows, of the rank of {@code otherFactors})
   * @return Σ (r − x·y)² over the block's ratings under the new factors (explicit feedback; 0 for implicit)
   */
  double alsSolve(int[] rowStart, int[] other, double[] ratings, int rows, FactorBlock otherFactors,
                  AlsSolveSpec spec, FactorBlock out);

  /** {@link #alsSolve(int[], int[], double[], int, FactorBlock, AlsSolveSpec, FactorBlock)} on flat row-major arrays. */
  default double alsSolve(int[] rowStart, int[] other, double[] ratings, int rows, double[] otherFactors, int k,
                          AlsSolveSpec spec, double[] out) {
    return alsSolve(rowStart, other, ratings, rows, FactorBlock.wrap(otherFactors, k), spec, FactorBlock.wrap(out, k));
  }

  /**
   * SGD: the gradient statistics of a dense mini-batch: for each selected row r (all n rows when
   * {@code rows} is null, else {@code rows[0, count)}), margin m = c + v·x_r, g = dL/dm, and adds to
   * {@code stats} (the {@link org.shardtrain.core.sgd.GradientStats} layout [n, Σ loss, Σ g, Σ g·x_0, …]).
   */
  void denseGradient(double[] x, int n, int d, double[] labels, int[] rows, int count, double[] v, double c,
                     Loss loss, double[] stats);

  @Override void close();

  /** How an ALS block is solved: regularisation, and implicit feedback's confidence and Gram matrix. */
  record AlsSolveSpec(double lambda, boolean implicit, double alpha, double[] gram) {
    public static AlsSolveSpec explicit(double lambda) { return new AlsSolveSpec(lambda, false, 0, null); }

    /** Each row's finish (Gram term, solve, squared error), the same in every engine. */
    public org.shardtrain.core.als.RowSolve rowSolve() {
      return implicit ? org.shardtrain.core.als.RowSolve.implicit(lambda, gram)
          : org.shardtrain.core.als.RowSolve.explicit(lambda);
    }
  }
}
