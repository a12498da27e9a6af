package org.shardtrain.core.param;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The immutable, typed and validated values of one run's parameters. */
public final class ResolvedParams {
  private final Map<Param<?>, Object> values;

  ResolvedParams(Map<Param<?>, Object> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** Whether {@code p} is a parameter of this program. */
  public boolean has(Param<?> p) { return values.containsKey(p); }

  @SuppressWarnings("unchecked")
  public <T> T get(Param<T> p) {
    if (!values.containsKey(p)) {
      throw new IllegalArgumentException("--" + p.name() + " is not a parameter of this program");
    }
    return (T) values.get(p);
  }

  /** Every value as text by configuration key: recorded in models and checkpoints, and shipped to tasks. */
  public Map<String, String> asConfiguration() {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((p, v) -> {
      if (v != null) out.put(p.key(), p.format(v));
    });
    return out;
  }

  /** The model-defining values by key, to check that a checkpoint belongs to this run. */
  public Map<String, String> modelDefining() {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((p, v) -> {
      if (p.modelDefining()) out.put(p.key(), p.format(v));
    });
    return out;
  }

  public Iterable<Param<?>> params() { return values.keySet(); }
}
