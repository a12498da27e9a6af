package org.shardtrain.formats;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.io.LibsvmParser;
import org.shardtrain.core.io.RecordParseException;

/** Examples from one split of a LIBSVM text file, each with its exact line number ({@link NumberedLines}). */
public final class LibsvmExampleSource implements ExampleSource {
  private final NumberedLines lines;
  private final LibsvmParser parser = new LibsvmParser();
  private int size;
  private String error;

  public LibsvmExampleSource(Configuration conf, Path path, long start, long length) throws IOException {
    this.lines = new NumberedLines(conf, path, start, length);
  }

  @Override
  public boolean next() throws IOException {
    if (!lines.next()) return false;
    size = 0;
    if (lines.tooLong()) {
      error = lines.tooLongReason();
      return true;
    }
    try {
      size = parser.parse(lines.line().toString());
      error = null;
    } catch (RecordParseException e) {
      error = e.getMessage();
    }
    return true;
  }

  @Override public double label() { return parser.label(); }
  @Override public int[] indices() { return parser.indices(); }
  @Override public double[] values() { return parser.values(); }
  @Override public int size() { return size; }
  @Override public String error() { return error; }
  @Override public String raw() { return lines.line().toString(); }
  @Override public String position() { return lines.position(); }
  @Override public String file() { return lines.file(); }
  @Override public float progress() throws IOException { return lines.progress(); }
  @Override public void close() throws IOException { lines.close(); }
}
