package org.shardtrain.yarn.am;

import java.util.ArrayList;
import java.util.List;
import org.shardtrain.yarn.rpc.Report;

/**
 * The reports of the pass in progress, by slot: which workers have answered, the first error that fails the
 * run, a collective that failed (redone if a replacement is coming), the silent workers of a pass that timed
 * out, and the answers in slot order (so merges are deterministic). Not thread-safe: the {@link Coordinator}
 * uses it under its lock, a fresh one per posted command.
 */
final class PassReports {
  private final Report[] reports;

  PassReports(int workers) { reports = new Report[workers]; }

  /** A worker's report (one sent again after a lost answer replaces its equal: idempotent). */
  void put(Report r) { reports[r.slot()] = r; }

  /** How many workers have not answered yet. */
  int missing() {
    int n = 0;
    for (Report r : reports) if (r == null) n++;
    return n;
  }

  /** The first report, by slot, of an error that fails the run (not a failed collective), or null. */
  Report failure() {
    for (Report r : reports) if (r != null && r.error() != null && !r.collectiveFailed()) return r;
    return null;
  }

  /** A report of a collective that failed (a peer lost, a newer membership), or null. */
  Report failedCollective() {
    Report found = null;
    for (Report r : reports) if (r != null && r.collectiveFailed()) found = r;
    return found;
  }

  /**
   * The slots that have not answered, as "0, 3". Asked once, when the pass times out: listed on every wake-up
   * (one per report) it cost the AM's thread O(W) appends per report, O(W²) per pass, under the coordinator's lock.
   */
  String silent() {
    StringBuilder late = new StringBuilder();
    for (int i = 0; i < reports.length; i++) {
      if (reports[i] == null) late.append(late.length() == 0 ? "" : ", ").append(i);
    }
    return late.toString();
  }

  /** The results in slot order; a report whose result is not a {@code type} is named (both ends share one schema: a bug). */
  <T> List<T> results(Class<T> type, String operation) {
    List<T> out = new ArrayList<>(reports.length);
    for (Report r : reports) {
      if (!type.isInstance(r.result())) {
        throw new IllegalStateException("worker " + r.slot() + " answered " + operation + " with "
            + org.shardtrain.yarn.rpc.Command.nameOf(r.result()) + ", not " + type.getSimpleName());
      }
      out.add(type.cast(r.result()));
    }
    return out;
  }
}
