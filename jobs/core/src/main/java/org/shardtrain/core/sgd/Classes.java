package org.shardtrain.core.sgd;

import java.util.Arrays;

/**
 * Multinomial logistic regression's part of a state or model: the K class labels, ascending (class k is
 * {@code labels[k]}, so any K distinct class ids map to 0…K−1 and back), and one intercept per class.
 */
public record Classes(double[] labels, double[] intercepts) {
  /** Class ids are integers 0 … MAX_LABEL: the scan counts them in a histogram of that many slots. */
  public static final int MAX_LABEL = 1023;

  public Classes {
    if (labels.length != intercepts.length) {
      throw new IllegalArgumentException(labels.length + " classes but " + intercepts.length + " intercepts");
    }
  }

  public int count() { return labels.length; }

  /** The class index of a label, or −1 when the label is not one of the classes. */
  public int indexOf(double label) {
    int i = Arrays.binarySearch(labels, label);
    return i < 0 ? -1 : i;
  }

  public Classes withIntercepts(double[] b) { return new Classes(labels, b); }
}
