package org.shardtrain.core.loop;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What one iteration measured: its number, its wall time, and named metrics (wssse, move, ...). */
public record IterationRecord(int iteration, double seconds, Map<String, Double> metrics) {
  public IterationRecord {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }
}
