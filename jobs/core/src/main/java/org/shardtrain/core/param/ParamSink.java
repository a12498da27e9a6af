package org.shardtrain.core.param;

/** Where {@link Param#write} puts a value: Hadoop's {@code Configuration::set} in the engines, a map in tests. */
@FunctionalInterface
public interface ParamSink {
  void set(String key, String value);
}
