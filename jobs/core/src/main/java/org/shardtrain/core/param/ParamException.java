package org.shardtrain.core.param;

/** A parameter is missing, unknown, unreadable or invalid: a usage error, reported in one line. */
public final class ParamException extends IllegalArgumentException {
  public ParamException(String message) {
    super(message);
  }
}
