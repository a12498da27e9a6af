package org.shardtrain.core.sgd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.shardtrain.core.testing.Datasets;

/**
 * The optima SciPy computes for shardtrain's linear objective ({@code scripts/reference/linear_references.py},
 * its output in {@code data/references/linear.tsv}): one case's objective, weights, intercept and test figures.
 */
record LinearReferences(Map<String, double[]> fields) {

  static LinearReferences of(String name) {
    Path file = Datasets.shipped("references/linear.tsv");
    Map<String, double[]> fields = new HashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith("#")) continue;
        String[] f = line.split("\t");
        if (!f[0].equals(name)) continue;
        double[] v = new double[f.length - 2];
        for (int i = 0; i < v.length; i++) v[i] = Double.parseDouble(f[i + 2]);
        fields.put(f[1], v);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (fields.isEmpty()) throw new IllegalStateException("no reference case " + name + " in " + file);
    return new LinearReferences(fields);
  }

  double get(String field) { return fields.get(field)[0]; }

  double[] weights() { return fields.get("weights"); }

  /**
   * The logistic objective of a raw-feature model, written here from its definition rather than through
   * {@link LinearObjective}: mean log(1 + e^{−s·m}) + l2/2·‖w‖² + l1·‖w‖₁ (on raw features).
   */
  static double logisticObjective(SparseExamples x, double[] w, double b, double l2, double l1) {
    double sum = 0;
    for (int i = 0; i < x.size(); i++) {
      double m = b;
      for (int k = x.from(i); k < x.to(i); k++) if (x.indices()[k] < w.length) m += w[x.indices()[k]] * x.values()[k];
      double z = x.label(i) > 0 ? -m : m;
      sum += z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    }
    double sq = 0, abs = 0;
    for (double v : w) {
      sq += v * v;
      abs += Math.abs(v);
    }
    return sum / x.size() + 0.5 * l2 * sq + l1 * abs;
  }
}
