package org.shardtrain.core.als;

/**
 * The finish of one row's (user's or item's) solve, written once for every engine: the MapReduce reducer,
 * the CPU kernels (the YARN workers and the in-memory engine) and the CUDA backend's fallback all end a row
 * here, so their factors agree bit for bit. Given the row's accumulated normal equations A·x = b over its n
 * ratings:
 * <ol>
 *   <li>implicit feedback adds the other side's Gram matrix: A ← A + YᵀY;</li>
 *   <li>x = (A + λ·n·I)⁻¹·b (weighted-λ, a Cholesky solve: {@link NormalEquation#solve});</li>
 *   <li>explicit feedback's training error of the row, from the sums alone:
 *       Σ (r − x·y)² = Σr² − 2·x·b + xᵀ·A·x ({@link NormalEquation#squaredError}).</li>
 * </ol>
 */
public final class RowSolve {
  private final double lambda;
  private final double[] gram;

  private RowSolve(double lambda, double[] gram) {
    this.lambda = lambda;
    this.gram = gram;
  }

  public static RowSolve explicit(double lambda) { return new RowSolve(lambda, null); }

  /** Implicit feedback: {@code packedGram} is YᵀY of the other side's factors (packed upper triangle). */
  public static RowSolve implicit(double lambda, double[] packedGram) {
    if (packedGram == null) throw new IllegalArgumentException("implicit feedback needs the Gram matrix YᵀY");
    return new RowSolve(lambda, packedGram);
  }

  /**
   * Finishes {@code ne} (which it changes: YᵀY is added for implicit feedback), writes x to
   * {@code out[offset, offset + k)} and returns the row's squared training error (0 for implicit feedback).
   *
   * @param sumSquaredTargets Σr² over the row's ratings (used for explicit feedback only)
   */
  public double finish(NormalEquation ne, double sumSquaredTargets, double[] out, int offset) {
    if (gram != null) ne.addGram(gram);
    double[] x = ne.solve(lambda);
    System.arraycopy(x, 0, out, offset, x.length);
    return gram != null ? 0 : ne.squaredError(x, sumSquaredTargets);
  }
}
