package org.shardtrain.core.sgd;

import java.util.Arrays;

/**
 * The mergeable statistics of one gradient pass, computed from raw sparse features: n, Σ loss, S = Σ g and
 * G_j = Σ g·x_j, where g = dL/dm at each example. The gradient on standardised features follows without
 * touching the zeros: ∂/∂w_j = (G_j − μ_j·S)/σ_j, ∂/∂b = S (both divided by n). Flat layout, so that an
 * engine ships and sums it as one vector: [n, Σloss, S, G_0 … G_{d−1}].
 */
public final class GradientStats {
  public static final int HEADER = 3;
  private final double[] v;

  public GradientStats(int d) { this.v = new double[HEADER + d]; }

  private GradientStats(double[] v) { this.v = v; }

  public static GradientStats of(double[] flat) { return new GradientStats(flat.clone()); }

  public double[] flat() { return v; }
  public int dimension() { return v.length - HEADER; }
  public double count() { return v[0]; }
  public double lossSum() { return v[1]; }
  public double gradientSum() { return v[2]; }
  public double g(int j) { return v[HEADER + j]; }

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

  public void merge(GradientStats o) {
    for (int i = 0; i < v.length; i++) v[i] += o.v[i];
  }

  @Override
  public String toString() { return Arrays.toString(v); }
}
