package org.shardtrain.core.als;

import java.util.Arrays;

/**
 * The k×k normal equations of one user's (or item's) least-squares problem, A·x = b, accumulated one
 * rating at a time and mergeable (as Spark's {@code NormalEquation}): A is kept packed, upper triangle by
 * columns (k(k+1)/2 doubles), on primitive arrays.
 *
 * <ul>
 *   <li>Explicit feedback: for each rating r with the other side's factor y, A += y·yᵀ, b += r·y.</li>
 *   <li>Implicit feedback (Hu, Koren, Volinsky 2008): preference p = 1 if r &gt; 0 else 0, confidence
 *       c = 1 + α·|r|. A = YᵀY + Σ (c − 1)·y·yᵀ over the rated items only, b = Σ c·p·y: the caller adds the
 *       precomputed YᵀY once ({@link #addGram}), so a solve costs O(n_u·k² + k³), not O(|items|·k²).</li>
 * </ul>
 * Regularisation is weighted-λ (Zhou et al. 2008, as Spark): λ·n_u on the diagonal, n_u = number of ratings.
 */
public final class NormalEquation {
  private final int k;
  private final double[] ata;
  private final double[] atb;
  private long count;

  public NormalEquation(int k) {
    this.k = k;
    this.ata = new double[k * (k + 1) / 2];
    this.atb = new double[k];
  }

  public int rank() { return k; }

  /** Empties the equation for the next row (kernels reuse one per thread). */
  public void reset() {
    Arrays.fill(ata, 0);
    Arrays.fill(atb, 0);
    count = 0;
  }
  public long count() { return count; }

  /**
   * Sets the equation from sums accumulated elsewhere with this class's arithmetic (the CPU kernels' vector
   * path): packed A, b and the number of ratings.
   */
  public void set(double[] packedAta, int ataOffset, double[] atb, int atbOffset, long count) {
    System.arraycopy(packedAta, ataOffset, ata, 0, ata.length);
    System.arraycopy(atb, atbOffset, this.atb, 0, k);
    this.count = count;
  }

  /** Adds y·yᵀ·weight to A and y·target to b (one rating). */
  public void add(double[] y, int offset, double target, double weight) {
    int idx = 0;
    for (int j = 0; j < k; j++) {
      double wyj = weight * y[offset + j];
      for (int i = 0; i <= j; i++) ata[idx++] += y[offset + i] * wyj;
      atb[j] += target * y[offset + j];
    }
    count++;
  }

  /** An explicit rating r of an item with factor y. */
  public void addExplicit(double[] y, int offset, double r) {
    add(y, offset, r, 1.0);
  }

  /** An implicit observation r (&gt; 0 or not) of an item with factor y, confidence 1 + α|r|. */
  public void addImplicit(double[] y, int offset, double r, double alpha) {
    add(y, offset, implicitTarget(r, alpha), implicitWeight(r, alpha));
  }

  /** An implicit observation's right-side factor c·p (confidence c = 1 + α|r|, preference p = [r &gt; 0]). */
  public static double implicitTarget(double r, double alpha) {
    return (1 + alpha * Math.abs(r)) * (r > 0 ? 1 : 0);
  }

  /** An implicit observation's weight on y·yᵀ beyond YᵀY: c − 1. */
  public static double implicitWeight(double r, double alpha) {
    return (1 + alpha * Math.abs(r)) - 1;
  }

  /** Adds a precomputed packed Gram matrix (YᵀY for implicit feedback). */
  public void addGram(double[] packedGram) {
    for (int i = 0; i < ata.length; i++) ata[i] += packedGram[i];
  }

  public void merge(NormalEquation o) {
    for (int i = 0; i < ata.length; i++) ata[i] += o.ata[i];
    for (int i = 0; i < k; i++) atb[i] += o.atb[i];
    count += o.count;
  }

  /** Solves (A + λ·n·I)·x = b by Cholesky; A is positive definite for λ &gt; 0 and n &gt; 0. */
  public double[] solve(double lambda) {
    double[] a = Arrays.copyOf(ata, ata.length);
    double reg = lambda * count;
    for (int j = 0, idx = 0; j < k; j++) {
      idx += j;
      a[idx++] += reg; // diagonal (j, j) of the packed upper triangle
    }
    double[] x = Arrays.copyOf(atb, k);
    Cholesky.solvePacked(a, x, k);
    return x;
  }

  /** A copy of the packed left-hand side A (without regularisation). */
  public double[] packedLhs() { return ata.clone(); }

  /**
   * Σ (r − x·y)² over the added explicit ratings, from the sums alone: Σr² − 2·x·b + xᵀ·A·x, so the error
   * of a solve needs no second pass over the ratings. {@code sumSquaredTargets} is Σr².
   */
  public double squaredError(double[] x, double sumSquaredTargets) {
    double xb = 0;
    for (int j = 0; j < k; j++) xb += x[j] * atb[j];
    double xax = 0;
    for (int j = 0, idx = 0; j < k; j++) {
      for (int i = 0; i < j; i++, idx++) xax += 2 * x[i] * ata[idx] * x[j];
      xax += x[j] * ata[idx++] * x[j];
    }
    return Math.max(0, sumSquaredTargets - 2 * xb + xax);
  }

  /** The packed Gram matrix Σ y·yᵀ of rows of a row-major factor matrix. */
  public static double[] gram(double[] factors, int rows, int k) {
    NormalEquation ne = new NormalEquation(k);
    for (int r = 0; r < rows; r++) ne.add(factors, r * k, 0, 1);
    return ne.ata.clone();
  }

  /** The packed Gram matrix Σ y·yᵀ of every row of {@code factors}, in row order (the same bits as one array). */
  public static double[] gram(FactorBlock factors) {
    NormalEquation ne = new NormalEquation(factors.rank());
    for (int r = 0; r < factors.rows(); r++) ne.add(factors.arrayOf(r), factors.offsetOf(r), 0, 1);
    return ne.ata.clone();
  }
}
