package org.shardtrain.core.sgd;

import java.util.Arrays;

/**
 * The mergeable statistics of one gradient pass, computed from raw sparse features: n, Σ loss, and per row k
 * of weights S_k = Σ g_k and G_kj = Σ g_k·x_j, where g_k = dL/dm_k at each example (one row, g = dL/dm, for
 * the binary and regression losses; K rows for multinomial). The gradient on standardised features follows
 * without touching the zeros: ∂/∂w_kj = (G_kj − μ_j·S_k)/σ_j, ∂/∂b_k = S_k (both divided by n). Flat layout,
 * so that an engine ships and sums it as one vector: [n, Σloss, S_0 … S_{K−1}, G_0,0 … G_0,d−1, G_1,0 …].
 */
public final class GradientStats {
  public static final int HEADER = 3;
  private final double[] v;
  /** Per-example scratch of a multinomial pass: the K margins, then dL/dm. */
  private double[] margins;
  private double[] slopes;

  public GradientStats(int d) { this.v = new double[HEADER + d]; }

  /** Statistics of {@code rows} rows of d weights (multinomial: K). */
  public GradientStats(int rows, int d) { this.v = new double[Math.toIntExact(2L + rows + (long) rows * d)]; }

  private GradientStats(double[] v) { this.v = v; }

  public static GradientStats of(double[] flat) { return new GradientStats(flat.clone()); }

  public double[] flat() { return v; }
  public int dimension() { return v.length - HEADER; }
  public double count() { return v[0]; }
  public double lossSum() { return v[1]; }
  public double gradientSum() { return v[2]; }
  public double g(int j) { return v[HEADER + j]; }
  /** S_k of a statistics vector of {@code rows} rows. */
  public double gradientSum(int k) { return v[2 + k]; }
  /** G_kj of a statistics vector of {@code rows} rows of d. */
  public double g(int rows, int d, int k, int j) { return v[2 + rows + k * d + j]; }

  /** Adds one example: labels already scaled, margin from {@link SgdState#marginModel}. */
  public void add(Loss loss, LinearModel marginModel, double label, int[] idx, double[] val, int from, int to) {
    double m = marginModel.margin(idx, val, from, to);
    double g = loss.derivative(m, label);
    v[0] += 1;
    v[1] += loss.value(m, label);
    v[2] += g;
    int d = v.length - HEADER;
    for (int i = from; i < to; i++) {
      if (idx[i] < d) v[HEADER + idx[i]] += g * val[i];
    }
  }

  /** Adds one example of class index {@code y} under a multinomial margin model (K rows). */
  public void addSoftmax(LinearModel marginModel, int y, int[] idx, double[] val, int from, int to) {
    int rows = marginModel.classes().count();
    int d = marginModel.featureCount();
    if (margins == null) {
      margins = new double[rows];
      slopes = new double[rows];
    }
    marginModel.margins(idx, val, from, to, margins);
    v[0] += 1;
    v[1] += Softmax.lossAndGradient(margins, y, slopes);
    for (int k = 0; k < rows; k++) {
      double g = slopes[k];
      v[2 + k] += g;
      int row = 2 + rows + k * d;
      for (int i = from; i < to; i++) {
        if (idx[i] < d) v[row + idx[i]] += g * val[i];
      }
    }
  }

  public void merge(GradientStats o) {
    for (int i = 0; i < v.length; i++) v[i] += o.v[i];
  }

  @Override
  public String toString() { return Arrays.toString(v); }
}
