package org.shardtrain.host.program;

import java.util.List;
import java.util.Map;
import org.shardtrain.core.io.Json;
import org.shardtrain.core.loop.IterationRecord;
import org.shardtrain.core.loop.TrainingState;

/** The common part of metrics.json, the same for every algorithm and engine. */
public final class Metrics {
  /**
   * The layout of metrics.json (training runs and evaluations), first in every file so that other readers can
   * tell which layout they hold; raised when a field changes meaning or goes away (new fields do not raise it).
   */
  static final int FORMAT_VERSION = 1;

  private Metrics() {}

  /** The common fields; {@code wall_seconds} is set when the run ends ({@link TrainingProgram#finish}). */
  static Map<String, Object> training(String algorithm, TrainingState<?> state) {
    Map<String, Object> m = Json.object();
    m.put("format_version", FORMAT_VERSION);
    m.put("algorithm", algorithm);
    m.put("iterations", state.iteration());
    m.put("converged", state.converged());
    m.put("wall_seconds", 0.0);
    // The process that drove the run: the AM with --engine yarn (workers report theirs), the client with
    // --engine mr (on the local job runner, the tasks too).
    m.put("peak_rss_mb", org.shardtrain.host.PeakMemory.residentMb());
    List<Object> history = Json.array();
    for (IterationRecord r : state.history()) {
      Map<String, Object> h = Json.object();
      h.put("iteration", r.iteration());
      h.put("seconds", r.seconds());
      h.putAll(r.metrics());
      history.add(h);
    }
    m.put("history", history);
    return m;
  }

  public static List<Object> list(long[] values) {
    List<Object> out = Json.array();
    for (long v : values) out.add(v);
    return out;
  }
}
