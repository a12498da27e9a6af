package org.shardtrain.yarn.rpc;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/** Avro's {@code array<double>} fields (Java lists) to and from the primitive arrays the math works on. */
public final class DoubleLists {
  private DoubleLists() {}

  /** A read-only view of {@code values} (no copy: the encoder only iterates it); null stays null. */
  public static List<Double> of(double[] values) {
    return values == null ? null : new View(values);
  }

  /** The list's values; null stays null. */
  public static double[] toArray(List<Double> values) {
    if (values == null) return null;
    if (values instanceof View v) return v.values.clone();
    double[] out = new double[values.size()];
    int i = 0;
    for (Double x : values) out[i++] = x;
    return out;
  }

  private static final class View extends AbstractList<Double> implements RandomAccess {
    private final double[] values;

    View(double[] values) { this.values = values; }

    @Override public Double get(int i) { return values[i]; }

    @Override public int size() { return values.length; }
  }
}
