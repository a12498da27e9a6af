package org.shardtrain.host.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One chart's data: a named y value per iteration, taken from a run's history (metrics.json or the live status). */
public record Series(String title, String yLabel, double[] x, double[] y) {
  /** The metric training watches for each algorithm (the first present wins). */
  static final List<String> PRIMARY = List.of("wssse", "train_loss", "train_rmse", "loss", "rmse");

  public int size() { return x.length; }

  /** {@code key} of every history entry that has it, against the entry's iteration. */
  public static Series of(List<? extends Map<String, ?>> history, String key, String title) {
    List<double[]> points = new ArrayList<>();
    for (Map<String, ?> h : history) {
      Object it = h.get("iteration");
      Object v = h.get(key);
      if (it instanceof Number i && v instanceof Number n) points.add(new double[] {i.doubleValue(), n.doubleValue()});
    }
    double[] x = new double[points.size()];
    double[] y = new double[points.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = points.get(i)[0];
      y[i] = points.get(i)[1];
    }
    return new Series(title, key, x, y);
  }

  /** The metric a run's history is charted by: the algorithm's own (wssse, train_loss, train_rmse) when present. */
  public static String primaryMetric(List<? extends Map<String, ?>> history) {
    for (String key : PRIMARY) {
      for (Map<String, ?> h : history) if (h.get(key) instanceof Number) return key;
    }
    return "seconds";
  }
}
