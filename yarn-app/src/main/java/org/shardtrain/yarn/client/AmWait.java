package org.shardtrain.yarn.client;

import java.io.PrintStream;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;

/**
 * Says, while the ResourceManager has not started the ApplicationMaster yet (a full queue, its AM share
 * used up), what the application waits for, in the RM's own words: before the AM runs, nothing else can.
 * Once it runs, the AM's console says which worker containers it still waits for.
 */
final class AmWait {
  /** A short wait is normal (the AM container is placed, launched, its JVM starts; slower on a busy machine). */
  static final long QUIET_MILLIS = 10_000;
  /** The same reason is not repeated more often than this. */
  static final long REPEAT_MILLIS = 30_000;

  private final String program;
  private final ApplicationId id;
  private final PrintStream err;
  private final long since;
  private String lastReason;
  private long lastPrinted;

  AmWait(String program, ApplicationId id, PrintStream err) {
    this(program, id, err, System.currentTimeMillis());
  }

  AmWait(String program, ApplicationId id, PrintStream err, long since) {
    this.program = program;
    this.id = id;
    this.err = err;
    this.since = since;
  }

  void observe(ApplicationReport report) {
    observe(report, System.currentTimeMillis());
  }

  void observe(ApplicationReport report, long now) {
    YarnApplicationState state = report.getYarnApplicationState();
    boolean waiting = state == YarnApplicationState.NEW || state == YarnApplicationState.NEW_SAVING
        || state == YarnApplicationState.SUBMITTED || state == YarnApplicationState.ACCEPTED;
    if (!waiting || now - since < QUIET_MILLIS) return;
    String reason = reason(report.getDiagnostics());
    if (reason.equals(lastReason) && now - lastPrinted < REPEAT_MILLIS) return;
    err.println("shardtrain " + program + ": " + id + " is " + state + ", waiting for YARN to start its ApplicationMaster"
        + " (queue " + report.getQueue() + "): " + reason);
    lastReason = reason;
    lastPrinted = now;
  }

  /** The RM's diagnostics in one line, without the timestamps it puts in brackets (they change every time). */
  static String reason(String diagnostics) {
    if (diagnostics == null || diagnostics.isBlank()) return "no reason given by the ResourceManager";
    String line = diagnostics.replaceAll("\\[[^\\]]*\\d{2}:\\d{2}:\\d{2}[^\\]]*\\]", "").replaceAll("\\s+", " ").trim();
    return line.isEmpty() ? "no reason given by the ResourceManager" : line;
  }
}
