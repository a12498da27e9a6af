package org.shardtrain.host.program;

import java.util.Map;
import org.shardtrain.core.sgd.EvalStats;
import org.shardtrain.core.sgd.Loss;

/** The metrics of a linear model, named as metrics.json names them. */
public final class SgdMetrics {
  private SgdMetrics() {}

  public static void put(Map<String, Object> metrics, String prefix, Loss loss, EvalStats e) {
    metrics.put(prefix + "examples", e.count());
    if (e.count() == 0) return;
    switch (loss) {
      case LOGISTIC -> {
        metrics.put(prefix + "accuracy", e.accuracy());
        metrics.put(prefix + "log_loss", e.logLoss());
        metrics.put(prefix + "auc", e.auc());
      }
      case HINGE -> metrics.put(prefix + "accuracy", e.accuracy());
      case SQUARED -> {
        metrics.put(prefix + "rmse", e.rmse());
        metrics.put(prefix + "r2", e.r2());
      }
      case MULTINOMIAL -> {
        metrics.put(prefix + "accuracy", e.accuracy());
        metrics.put(prefix + "log_loss", e.logLoss());
        // Rows: the true class, columns: the predicted one, both in the order of the model's "classes".
        java.util.List<java.util.List<Long>> rows = new java.util.ArrayList<>();
        for (long[] row : e.confusion()) rows.add(java.util.Arrays.stream(row).boxed().toList());
        metrics.put(prefix + "confusion", rows);
      }
    }
  }

  static String summary(Map<String, Object> m) {
    StringBuilder sb = new StringBuilder();
    for (String k : new String[] {"test_accuracy", "test_auc", "test_rmse", "test_r2", "train_accuracy", "train_rmse", "train_r2"}) {
      Object v = m.get(k);
      if (v instanceof Double d) sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(String.format("%.4f", d));
    }
    return sb.toString();
  }
}
