package org.shardtrain.formats;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.io.DenseTextParser;
import org.shardtrain.core.io.RecordFormat;
import org.shardtrain.core.io.RecordParseException;

/** Points from one split of a CSV or TSV file, each with its exact line number ({@link NumberedLines}). */
public final class TextPointSource implements PointSource {
  private final NumberedLines lines;
  private final DenseTextParser parser;
  private final DenseVector vector = new DenseVector();
  private String error;

  public TextPointSource(Configuration conf, Path path, RecordFormat format, long start, long length)
      throws IOException {
    this.lines = new NumberedLines(conf, path, start, length);
    this.parser = new DenseTextParser(format);
  }

  @Override
  public boolean next() throws IOException {
    if (!lines.next()) return false;
    if (lines.tooLong()) {
      error = lines.tooLongReason();
      return true;
    }
    try {
      int n = parser.parse(lines.line().toString());
      vector.set(parser.values(), n);
      error = null;
    } catch (RecordParseException e) {
      error = e.getMessage();
    }
    return true;
  }

  @Override public DenseVector vector() { return vector; }
  @Override public String error() { return error; }
  @Override public String raw() { return lines.line().toString(); }
  @Override public String position() { return lines.position(); }
  @Override public String file() { return lines.file(); }
  @Override public float progress() throws IOException { return lines.progress(); }
  @Override public void close() throws IOException { lines.close(); }
}
