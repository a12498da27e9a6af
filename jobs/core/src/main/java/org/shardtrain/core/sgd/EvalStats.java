package org.shardtrain.core.sgd;

/**
 * Mergeable test metrics of a linear model. Binary: accuracy, log loss (logistic), and AUC from histograms
 * of P(y = 1) for each class over {@value #BINS} equal bins (ties within a bin count one half; the error is
 * below 1/BINS). Regression: RMSE and R². Multinomial: accuracy, log loss and the K×K confusion matrix
 * (row: true class, column: predicted), appended when the first multinomial example is added — engines sum
 * vectors of different lengths by growing to the longest. Flat layout: [n, correct, Σlogloss, SSE, Σy, Σy²,
 * pos[BINS], neg[BINS], (multinomial) the confusion matrix row by row].
 */
public final class EvalStats {
  public static final int BINS = 4096;
  static final int HEADER = 6;
  static final int BASE = HEADER + 2 * BINS;
  private double[] v;
  private double[] margins;

  public EvalStats() { this.v = new double[HEADER + 2 * BINS]; }

  private EvalStats(double[] v) { this.v = v; }

  public static EvalStats of(double[] flat) {
    int k = (int) Math.round(Math.sqrt(Math.max(0, flat.length - BASE)));
    if (flat.length < BASE || flat.length != BASE + k * k) throw new IllegalArgumentException("not evaluation statistics");
    return new EvalStats(flat.clone());
  }

  public double[] flat() { return v; }
  public long count() { return (long) v[0]; }

  public void add(LinearModel model, double label, int[] idx, double[] val, int from, int to) {
    if (model.classes() != null) {
      addMulticlass(model, label, idx, val, from, to);
      return;
    }
    double m = model.margin(idx, val, from, to);
    v[0] += 1;
    if (model.loss().isBinary()) {
      boolean positive = label > 0;
      if ((m > 0) == positive) v[1] += 1;
      double p = Loss.sigmoid(m);
      double q = Math.min(1 - 1e-15, Math.max(1e-15, positive ? p : 1 - p));
      v[2] -= Math.log(q);
      int bin = Math.min(BINS - 1, (int) (p * BINS));
      v[HEADER + (positive ? 0 : BINS) + bin] += 1;
    } else {
      v[3] += (m - label) * (m - label);
      v[4] += label;
      v[5] += label * label;
    }
  }

  private void addMulticlass(LinearModel model, double label, int[] idx, double[] val, int from, int to) {
    int k = model.classes().count();
    if (v.length < BASE + k * k) v = java.util.Arrays.copyOf(v, BASE + k * k);
    if (margins == null) margins = new double[k];
    int predicted = model.classProbabilities(idx, val, from, to, margins);
    int truth = model.classes().indexOf(label);
    v[0] += 1;
    if (truth == predicted) v[1] += 1;
    // A class the model never saw has probability 0: its log loss is the clamp's, −log(1e−15) ≈ 34.5.
    v[2] -= Math.log(Math.min(1 - 1e-15, Math.max(1e-15, truth < 0 ? 0 : margins[truth])));
    if (truth >= 0) v[BASE + truth * k + predicted] += 1;
  }

  /** Multinomial: counts[true class][predicted class]; null for other models. */
  public long[][] confusion() {
    int k = (int) Math.round(Math.sqrt(v.length - BASE));
    if (k == 0) return null;
    long[][] out = new long[k][k];
    for (int a = 0; a < k; a++) for (int b = 0; b < k; b++) out[a][b] = (long) v[BASE + a * k + b];
    return out;
  }

  public void merge(EvalStats o) {
    if (o.v.length > v.length) v = java.util.Arrays.copyOf(v, o.v.length);
    for (int i = 0; i < o.v.length; i++) v[i] += o.v[i];
  }

  public double accuracy() { return v[1] / v[0]; }
  public double logLoss() { return v[2] / v[0]; }
  public double rmse() { return Math.sqrt(v[3] / v[0]); }

  public double r2() {
    double ssTot = v[5] - v[4] * v[4] / v[0];
    return 1 - v[3] / ssTot;
  }

  /** Area under the ROC curve: P(score of a random positive > score of a random negative), ties ½. */
  public double auc() {
    double pos = 0, neg = 0, area = 0, negBelow = 0;
    for (int b = 0; b < BINS; b++) {
      double p = v[HEADER + b];
      double q = v[HEADER + BINS + b];
      area += p * (negBelow + q / 2);
      negBelow += q;
      pos += p;
      neg += q;
    }
    return pos == 0 || neg == 0 ? Double.NaN : area / (pos * neg);
  }
}
