package org.shardtrain.core.loop;

/**
 * An iteration produced a model or a loss that is not a finite number (NaN or infinite): every later
 * iteration would only carry it on, and a model of NaNs scores nothing. The run stops at that iteration,
 * saves nothing of it, and says what diverged and what to change. The user's settings (or data) caused it,
 * so retrying cannot help: an {@link IllegalArgumentException}, exit 1.
 */
public final class DivergedException extends IllegalArgumentException {
  public DivergedException(int iteration, String what, String hint) {
    super("diverged at iteration " + iteration + ": " + what + (hint == null || hint.isEmpty() ? "" : "; " + hint)
        + " (no model was written)");
  }

  /** "name is NaN" for the first non-finite value among {@code metrics}, else null. */
  public static String nonFiniteMetric(java.util.Map<String, Double> metrics, String... names) {
    for (String name : names) {
      Double v = metrics.get(name);
      if (v != null && !Double.isFinite(v)) return name + " is " + v;
    }
    return null;
  }

  /** "what has a NaN value" if any of {@code values} is not finite, else null. */
  public static String nonFinite(String what, double... values) {
    for (double v : values) {
      if (!Double.isFinite(v)) return what + " " + (Double.isNaN(v) ? "have a NaN value" : "have an infinite value");
    }
    return null;
  }
}
