package org.shardtrain.core.param;

/**
 * A source of textual parameter values keyed by configuration key: Hadoop's Configuration in the
 * engines (which already layers defaults, site files, {@code -conf}/Oozie and {@code -D}), a map in tests.
 */
@FunctionalInterface
public interface ParamSource {
  /** The value of {@code key}, or null when this source does not set it. */
  String get(String key);

  ParamSource EMPTY = key -> null;

  static ParamSource of(java.util.Map<String, String> values) {
    return values::get;
  }
}
