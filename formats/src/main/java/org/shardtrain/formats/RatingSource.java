package org.shardtrain.formats;

import java.io.Closeable;
import java.io.IOException;

/** Reads ratings of one file (or split) with their location; a record that cannot be read has {@link #error()}. */
public interface RatingSource extends Closeable {
  boolean next() throws IOException;

  String user();

  String item();

  double rating();

  String error();

  String raw();

  String position();

  String file();

  float progress() throws IOException;
}
