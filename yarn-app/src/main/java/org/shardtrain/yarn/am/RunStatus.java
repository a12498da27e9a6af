package org.shardtrain.yarn.am;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.shardtrain.core.io.Json;
import org.shardtrain.core.loop.IterationRecord;
import org.shardtrain.host.report.RunPage;

/**
 * What the AM tells the world about its run: the status document its tracking URL serves (and the client
 * follows), and the progress it reports to the ResourceManager.
 */
public final class RunStatus {
  private final String application;
  private final String program;
  private final Coordinator coordinator;
  private final List<Map<String, Object>> history = new ArrayList<>();
  private final List<String> log = new ArrayList<>();
  private volatile int maxIterations;
  private volatile int iteration;
  private volatile String state = "starting";

  public RunStatus(String application, String program, Coordinator coordinator) {
    this.application = application;
    this.program = program;
    this.coordinator = coordinator;
  }

  public void state(String s) { this.state = s; }

  /** Iterations finished so far. */
  public int iteration() { return iteration; }

  public void maxIterations(int n) { this.maxIterations = n; }

  public synchronized void iterationDone(IterationRecord r, boolean converged) {
    iteration = r.iteration();
    Map<String, Object> h = Json.object();
    h.put("iteration", r.iteration());
    h.put("seconds", r.seconds());
    h.putAll(r.metrics());
    if (converged) h.put("converged", true);
    history.add(h);
  }

  /** A line the program printed on its console (progress, warnings), shown by the client. */
  public synchronized void logLine(String line) { log.add(line); }

  public synchronized List<String> logLines(int from) {
    return from >= log.size() ? List.of() : new ArrayList<>(log.subList(Math.max(0, from), log.size()));
  }

  /** For YARN: iterations done over the budget. */
  public float progress() {
    int max = maxIterations;
    return max <= 0 ? 0f : Math.min(1f, iteration / (float) max);
  }

  public synchronized String json() { return Json.write(document()); }

  /** The status page: the same document as HTML, with charts, refreshing itself. */
  public synchronized String html() { return RunPage.render(document(), true); }

  /** State, iteration, history, workers and console lines, as maps and lists. */
  public synchronized Map<String, Object> document() {
    Map<String, Object> m = Json.object();
    m.put("application", application);
    m.put("program", program);
    m.put("state", state);
    m.put("iteration", iteration);
    m.put("max_iterations", maxIterations);
    m.put("history", new ArrayList<>(history));
    List<Object> workers = Json.array();
    for (int i = 0; i < coordinator.workers(); i++) workers.add(coordinator.slot(i).describe());
    m.put("workers", workers);
    m.put("log", new ArrayList<>(log));
    return m;
  }
}
