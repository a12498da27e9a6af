package org.shardtrain.formats;

import java.io.Closeable;
import java.io.IOException;

/**
 * Reads the points of one file (or one split of it) with their location, so that a bad record can be named
 * by file, line (text) or Avro block and record. A record that cannot be parsed is still returned, with
 * {@link #error()} set, so that the caller applies the bad-record policy in one place.
 */
public interface PointSource extends Closeable {
  /** Moves to the next record; false at the end of the file or split. */
  boolean next() throws IOException;

  /** The values of the current record when {@link #error()} is null. */
  DenseVector vector();

  /** Why the current record could not be parsed, or null. */
  String error();

  /** The current record as text, for rejects/. */
  String raw();

  /** Where the current record is: {@code line 12}, or {@code Avro block at byte 4096, record 3}. */
  String position();

  String file();

  float progress() throws IOException;
}
