package org.shardtrain.core.sgd;

/**
 * {@code --standardize}: training works on z_j = (x_j − μ_j)/σ_j (and, for squared loss, on the label
 * (y − μ_y)/σ_y), which makes gradient steps well conditioned; the saved model is converted back, so it
 * predicts from raw features. A constant feature (σ = 0) is left unscaled. Without standardisation this is
 * the identity (μ = 0, σ = 1).
 */
public record FeatureScaling(double[] mean, double[] invStd, double labelMean, double labelStd) {

  public static FeatureScaling identity(int d) {
    double[] ones = new double[d];
    java.util.Arrays.fill(ones, 1.0);
    return new FeatureScaling(new double[d], ones, 0, 1);
  }

  public int dimension() { return mean.length; }

  /** From per-feature sums over n examples (zeros included implicitly). */
  public static FeatureScaling fromSums(long n, double[] sum, double[] sumSquares, double labelSum,
                                        double labelSumSquares, boolean scaleLabel) {
    int d = sum.length;
    double[] mean = new double[d];
    double[] inv = new double[d];
    for (int j = 0; j < d; j++) {
      mean[j] = sum[j] / n;
      double var = Math.max(0, sumSquares[j] / n - mean[j] * mean[j]);
      inv[j] = var > 1e-24 ? 1 / Math.sqrt(var) : 1;
      if (var <= 1e-24) mean[j] = 0; // a constant feature: leave it as it is
    }
    double lm = 0, ls = 1;
    if (scaleLabel) {
      lm = labelSum / n;
      double lv = Math.max(0, labelSumSquares / n - lm * lm);
      ls = lv > 1e-24 ? Math.sqrt(lv) : 1;
    }
    return new FeatureScaling(mean, inv, lm, ls);
  }

  /** The raw-feature model equal to (w, b) on standardised features: {w_j/σ_j·σ_y}, b·σ_y + μ_y − Σ w_j μ_j/σ_j·σ_y. */
  public double[] toRawWeights(double[] w) {
    double[] out = new double[w.length];
    for (int j = 0; j < w.length; j++) out[j] = w[j] * invStd[j] * labelStd;
    return out;
  }

  public double toRawIntercept(double[] w, double b) {
    double shift = 0;
    for (int j = 0; j < w.length; j++) shift += w[j] * mean[j] * invStd[j];
    return (b - shift) * labelStd + labelMean;
  }

  /** The inverse: standardised-space weights of a raw model (for --initial-model). */
  public double[] fromRawWeights(double[] raw) {
    double[] out = new double[raw.length];
    for (int j = 0; j < raw.length; j++) out[j] = raw[j] / invStd[j] / labelStd;
    return out;
  }

  public double fromRawIntercept(double[] raw, double rawB) {
    double shift = 0;
    for (int j = 0; j < raw.length; j++) shift += raw[j] * mean[j];
    return (rawB - labelMean + shift) / labelStd;
  }

  /** The label as training sees it. */
  public double label(double y) { return (y - labelMean) / labelStd; }
}
