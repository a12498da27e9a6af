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
import org.shardtrain.core.io.LibsvmParser;
import org.shardtrain.core.io.RecordParseException;

/** Examples from a whole LIBSVM text file (read whole so line numbers are exact; compressed files too). */
public final class LibsvmExampleSource implements ExampleSource {
  private final String file;
  private final FSDataInputStream raw;
  private final LineReader lines;
  private final long length;
  private final LibsvmParser parser = new LibsvmParser();
  private final Text line = new Text();
  private long lineNumber;
  private int size;
  private String error;

  public LibsvmExampleSource(Configuration conf, Path path) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    this.file = path.toString();
    this.length = fs.getFileStatus(path).getLen();
    this.raw = fs.open(path);
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
    InputStream in = codec == null ? raw : codec.createInputStream(raw);
    this.lines = new LineReader(in, conf);
  }

  @Override
  public boolean next() throws IOException {
    while (true) {
      int read = lines.readLine(line, TextPointSource.MAX_LINE_BYTES, Integer.MAX_VALUE);
      if (read == 0) return false;
      lineNumber++;
      if (read > TextPointSource.MAX_LINE_BYTES) {
        error = "line longer than " + TextPointSource.MAX_LINE_BYTES + " bytes";
        size = 0;
        return true;
      }
      if (line.getLength() == 0) continue;
      try {
        size = parser.parse(line.toString());
        error = null;
      } catch (RecordParseException e) {
        error = e.getMessage();
        size = 0;
      }
      return true;
    }
  }

  @Override public double label() { return parser.label(); }
  @Override public int[] indices() { return parser.indices(); }
  @Override public double[] values() { return parser.values(); }
  @Override public int size() { return size; }
  @Override public String error() { return error; }
  @Override public String raw() { return line.toString(); }
  @Override public String position() { return "line " + lineNumber; }
  @Override public String file() { return file; }
  @Override public float progress() throws IOException { return length == 0 ? 1f : Math.min(1f, raw.getPos() / (float) length); }
  @Override public void close() throws IOException { lines.close(); }
}
