package org.shardtrain.formats;

import java.io.Closeable;
import java.io.IOException;

/**
 * Reads labelled sparse examples of one file (or split) into reused primitive buffers, with their location
 * (line, or Avro block and record) for error messages. A record that cannot be read is returned with
 * {@link #error()} set.
 */
public interface ExampleSource extends Closeable {
  boolean next() throws IOException;

  double label();

  /** 0-based, strictly increasing feature indices of the current example, valid up to {@link #size()}. */
  int[] indices();

  double[] values();

  int size();

  String error();

  String raw();

  String position();

  String file();

  float progress() throws IOException;
}
