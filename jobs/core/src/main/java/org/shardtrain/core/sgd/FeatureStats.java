package org.shardtrain.core.sgd;

import java.util.Arrays;

/**
 * The first pass over labelled examples: how many, the label's sums, the number of positives, a histogram
 * of the labels that are class ids (integers 0 … {@value Classes#MAX_LABEL}: multinomial's classes, found
 * in the same pass, as a sum that merges like the rest), and per feature Σx and Σx² (for --standardize).
 * The arrays grow to the largest feature index seen, which is the model's feature count. Flat layout:
 * [n, Σy, Σy², positives, count of label 0 … count of label MAX_LABEL, Σx_0, Σx²_0, Σx_1, Σx²_1, …].
 */
public final class FeatureStats {
  static final int LABELS = 4;
  static final int HEADER = LABELS + Classes.MAX_LABEL + 1;
  private double[] v;

  public FeatureStats() { this.v = new double[HEADER]; }

  private FeatureStats(double[] v) { this.v = v; }

  public static FeatureStats of(double[] flat) { return new FeatureStats(flat.clone()); }

  public double[] flat() { return v; }
  public long count() { return (long) v[0]; }
  public long positives() { return (long) v[3]; }
  public int featureCount() { return (v.length - HEADER) / 2; }

  public void add(double label, int[] idx, double[] val, int from, int to) {
    v[0] += 1;
    v[1] += label;
    v[2] += label * label;
    if (label > 0) v[3] += 1;
    if (label >= 0 && label <= Classes.MAX_LABEL && label == Math.rint(label)) v[LABELS + (int) label] += 1;
    if (to > from) {
      int need = HEADER + 2 * (idx[to - 1] + 1); // indices increase: the last is the largest
      if (need > v.length) v = Arrays.copyOf(v, Math.max(need, v.length * 2 - HEADER));
      for (int i = from; i < to; i++) {
        v[HEADER + 2 * idx[i]] += val[i];
        v[HEADER + 2 * idx[i] + 1] += val[i] * val[i];
      }
    }
  }

  /** The class ids present, ascending (multinomial's classes). */
  public double[] classLabels() {
    return java.util.stream.IntStream.rangeClosed(0, Classes.MAX_LABEL).filter(c -> v[LABELS + c] > 0)
        .asDoubleStream().toArray();
  }

  /** Trims growth slack: the length then says the feature count. */
  public FeatureStats trimmed() {
    int last = -1;
    for (int j = (v.length - HEADER) / 2 - 1; j >= 0 && last < 0; j--) {
      if (v[HEADER + 2 * j] != 0 || v[HEADER + 2 * j + 1] != 0) last = j;
    }
    return new FeatureStats(Arrays.copyOf(v, HEADER + 2 * (last + 1)));
  }

  public void merge(FeatureStats o) {
    if (o.v.length > v.length) v = Arrays.copyOf(v, o.v.length);
    for (int i = 0; i < o.v.length; i++) v[i] += o.v[i];
  }

  public FeatureScaling scaling(int d, boolean standardize, boolean scaleLabel) {
    if (!standardize) return FeatureScaling.identity(d);
    double[] sum = new double[d];
    double[] sq = new double[d];
    for (int j = 0; j < Math.min(d, featureCount()); j++) {
      sum[j] = v[HEADER + 2 * j];
      sq[j] = v[HEADER + 2 * j + 1];
    }
    return FeatureScaling.fromSums(count(), sum, sq, v[1], v[2], scaleLabel);
  }
}
