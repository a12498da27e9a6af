package org.shardtrain.host.program;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Function;
import org.shardtrain.core.loop.IterationListener;
import org.shardtrain.core.loop.IterationRecord;

/**
 * A training program's per-iteration progress. On a terminal, one line rewritten in place (carriage
 * return, no newline) until the run ends; elsewhere (Oozie, CI, a file, the YARN AM whose lines the client
 * relays) one plain line per iteration. Both carry the program's own text and
 * {@code [i/N, <metric> change Δ, about T s left]} (T from the mean seconds per iteration so far).
 * {@code --quiet} prints nothing.
 */
public final class Progress implements IterationListener {
  private final PrintStream err;
  private final boolean terminal;
  private final boolean quiet;
  private final int maxIterations;
  private final String metric;
  private final Function<IterationRecord, String> describe;
  private Double previous;
  private double seconds;
  private int iterations;
  private final ConsoleLine line;

  public Progress(PrintStream err, boolean terminal, boolean quiet, int maxIterations, String metric,
                  Function<IterationRecord, String> describe) {
    this.err = err;
    this.terminal = terminal;
    this.quiet = quiet;
    this.maxIterations = maxIterations;
    this.metric = metric;
    this.describe = describe;
    this.line = new ConsoleLine(err);
  }

  @Override
  public void iterationDone(IterationRecord record, boolean converged) {
    if (quiet) return;
    iterations++;
    seconds += record.seconds();
    StringBuilder text = new StringBuilder(describe.apply(record)).append(converged ? " (converged)" : "").append(" [");
    text.append(record.iteration()).append('/').append(maxIterations);
    Object value = record.metrics().get(metric);
    if (value instanceof Number n) {
      if (previous != null) text.append(String.format(Locale.ROOT, ", %s change %+.3g", metric, n.doubleValue() - previous));
      previous = n.doubleValue();
    }
    int left = Math.max(0, maxIterations - record.iteration());
    if (!converged && left > 0) {
      text.append(String.format(Locale.ROOT, ", about %s left", duration(seconds / iterations * left)));
    }
    text.append(']');
    if (terminal) line.rewrite(text.toString());
    else err.println(text);
  }

  /** Ends the line rewritten in place, so what follows starts on its own line. */
  public void finish() { line.end(); }

  public static String duration(double s) {
    if (s < 60) return String.format(Locale.ROOT, "%.1f s", s);
    if (s < 3600) return String.format(Locale.ROOT, "%d min %02d s", (long) s / 60, (long) s % 60);
    return String.format(Locale.ROOT, "%d h %02d min", (long) s / 3600, (long) s % 3600 / 60);
  }
}
