package org.shardtrain.formats;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.util.LineReader;
import org.shardtrain.core.io.DenseTextParser;
import org.shardtrain.core.io.RecordFormat;
import org.shardtrain.core.io.RecordParseException;

/**
 * Points from a whole CSV or TSV file (compressed files are read through their codec). Text files are read
 * whole, not split, so that every record has an exact line number for error messages.
 */
public final class TextPointSource implements PointSource {
  /** Longest line accepted: a corrupt file without newlines must not exhaust the task's heap. */
  public static final int MAX_LINE_BYTES = 8 << 20;

  private final String file;
  private final FSDataInputStream raw;
  private final LineReader lines;
  private final long length;
  private final DenseTextParser parser;
  private final DenseVector vector = new DenseVector();
  private final Text line = new Text();
  private long lineNumber;
  private String error;

  public TextPointSource(Configuration conf, Path path, RecordFormat format) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    this.file = path.toString();
    this.length = fs.getFileStatus(path).getLen();
    this.raw = fs.open(path);
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
    InputStream in = codec == null ? raw : codec.createInputStream(raw);
    this.lines = new LineReader(in, conf);
    this.parser = new DenseTextParser(format);
  }

  @Override
  public boolean next() throws IOException {
    while (true) {
      int read = lines.readLine(line, MAX_LINE_BYTES, Integer.MAX_VALUE);
      if (read == 0) return false;
      lineNumber++;
      if (read > MAX_LINE_BYTES) {
        error = "line longer than " + MAX_LINE_BYTES + " bytes";
        return true;
      }
      if (line.getLength() == 0) continue; // blank lines (a trailing newline) are not records
      try {
        int n = parser.parse(line.toString());
        vector.set(parser.values(), n);
        error = null;
      } catch (RecordParseException e) {
        error = e.getMessage();
      }
      return true;
    }
  }

  @Override public DenseVector vector() { return vector; }
  @Override public String error() { return error; }
  @Override public String raw() { return line.toString(); }
  @Override public String position() { return "line " + lineNumber; }
  @Override public String file() { return file; }

  @Override
  public float progress() throws IOException {
    return length == 0 ? 1f : Math.min(1f, raw.getPos() / (float) length);
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
