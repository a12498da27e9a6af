package org.shardtrain.core.io;

/**
 * A malformed input record: the message names the file, the position (line, or Avro block and record)
 * and the reason, in one line, so that the user can find and fix it.
 */
public final class BadRecordException extends RuntimeException {
  private final String source;
  private final String position;
  private final String reason;

  public BadRecordException(String source, String position, String reason) {
    super(source + ", " + position + ": " + reason);
    this.source = source;
    this.position = position;
    this.reason = reason;
  }

  public String source() { return source; }
  public String position() { return position; }
  public String reason() { return reason; }
}
