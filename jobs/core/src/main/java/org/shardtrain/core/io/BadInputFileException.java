package org.shardtrain.core.io;

import java.io.IOException;

/**
 * A whole input file is unusable as the format the run reads (truncated, not a container file, another
 * Avro schema, corrupt blocks): the input's fault, not the cluster's, so rerunning cannot help. The message
 * names the file and, where known, the position, in one line.
 */
public final class BadInputFileException extends IOException {
  public BadInputFileException(String message, Throwable cause) {
    super(message, cause);
  }

  public BadInputFileException(String message) {
    super(message);
  }
}
