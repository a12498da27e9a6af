package org.shardtrain.formats;

import java.io.Closeable;
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

/**
 * The non-empty lines of a whole text file (compressed files through their codec) with their 1-based line
 * numbers, for error messages that name the line. A line longer than {@link #MAX_LINE_BYTES} is reported as
 * such instead of being held in memory: a corrupt file without newlines must not exhaust the heap.
 */
public final class NumberedLines implements Closeable {
  public static final int MAX_LINE_BYTES = 8 << 20;

  private final String file;
  private final FSDataInputStream raw;
  private final LineReader lines;
  private final CompressionCodec codec;
  private final long length;
  private final Text line = new Text();
  private long number;
  private boolean tooLong;

  public NumberedLines(Configuration conf, Path path) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    this.file = path.toString();
    this.length = fs.getFileStatus(path).getLen();
    this.raw = fs.open(path);
    this.codec = new CompressionCodecFactory(conf).getCodec(path);
    InputStream in = codec == null ? raw : codec.createInputStream(raw);
    this.lines = new LineReader(in, conf);
  }

  /** Moves to the next non-empty line; false at the end of the file. */
  public boolean next() throws IOException {
    while (true) {
      int read = readLine();
      if (read == 0) return false;
      number++;
      tooLong = read > MAX_LINE_BYTES;
      if (tooLong || line.getLength() > 0) return true;
    }
  }

  /**
   * A compressed file that ends early (a copy cut short) or holds garbage fails inside the codec with a bare
   * "Unexpected end of ZLIB input stream": named here, with the line reached, as a bad input file.
   */
  private int readLine() throws IOException {
    try {
      return lines.readLine(line, MAX_LINE_BYTES, Integer.MAX_VALUE);
    } catch (java.io.EOFException e) {
      if (codec == null) throw e;
      throw new org.shardtrain.core.io.BadInputFileException(file + ": truncated " + codec.getDefaultExtension()
          + " file (it ends inside compressed data, after line " + number + ")", e);
    } catch (IOException e) {
      if (codec == null || e instanceof org.apache.hadoop.fs.ChecksumException) throw e;
      throw new org.shardtrain.core.io.BadInputFileException(file + ": corrupt " + codec.getDefaultExtension()
          + " file after line " + number + " (" + e.getMessage() + ")", e);
    }
  }

  public Text line() { return line; }
  public long number() { return number; }
  public boolean tooLong() { return tooLong; }
  public String file() { return file; }
  public String position() { return "line " + number; }
  public String tooLongReason() { return "line longer than " + MAX_LINE_BYTES + " bytes"; }

  public float progress() throws IOException {
    return length == 0 ? 1f : Math.min(1f, raw.getPos() / (float) length);
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
