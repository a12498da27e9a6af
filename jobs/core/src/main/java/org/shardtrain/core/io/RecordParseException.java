package org.shardtrain.core.io;

/** A text record could not be parsed; the reader adds the file and line to make a {@link BadRecordException}. */
public final class RecordParseException extends Exception {
  public RecordParseException(String reason) {
    super(reason, null, false, false);
  }
}
