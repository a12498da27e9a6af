package org.shardtrain.core.io;

/** How input records are stored: Avro container files (the default) or text read directly. */
public enum RecordFormat {
  AVRO, CSV, TSV, LIBSVM;

  public boolean isText() { return this != AVRO; }
}
