package org.shardtrain.formats;

import java.io.Closeable;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.Decompressor;
import org.apache.hadoop.io.compress.SplitCompressionInputStream;
import org.apache.hadoop.io.compress.SplittableCompressionCodec;
import org.apache.hadoop.mapreduce.lib.input.CompressedSplitLineReader;
import org.apache.hadoop.mapreduce.lib.input.SplitLineReader;
import org.apache.hadoop.mapreduce.lib.input.UncompressedSplitLineReader;
import org.shardtrain.core.io.BadInputFileException;

/**
 * The non-empty lines of one split of a text file, with their exact 1-based line numbers in the file.
 *
 * <p>The split rule is {@code TextInputFormat}'s, read with Hadoop's own split line readers: a line belongs to
 * the split in which it starts, so every split but the first skips its first (partial) line and every
 * split reads on past its end to finish its last one; bzip2 files split at compressed-block boundaries, other
 * compressed files ({@link TextCodecs}) are read whole. The loop is ours, not {@code LineRecordReader}'s,
 * because that one drops an over-long line with a log message and does not count lines: here a line longer
 * than {@link #MAX_LINE_BYTES} is reported as such (it is consumed but not held: a corrupt file without
 * newlines must not exhaust the heap), and every line, empty or not, is counted.
 *
 * <p>Line numbers: a split only knows its lines' numbers relative to its own first line. The number of
 * lines before the split is counted only when a position is asked for, that is when a bad record is reported
 * (errors are rare, splits are not), by reading the part of the file before the split with the same rule —
 * the lines of splits [0, start) are exactly the lines before this split's first one — and kept for the
 * split's later errors.
 */
public final class NumberedLines implements Closeable {
  public static final int MAX_LINE_BYTES = 8 << 20;

  private final Configuration conf;
  private final Path path;
  private final String file;
  private final long splitStart;
  private final FSDataInputStream raw;
  private final CompressionCodec codec;
  private final Decompressor decompressor;
  private final SplitLineReader lines;
  private final SplitCompressionInputStream splitCompressed; // the file position of a bzip2 split, else null
  private final long start;
  private final long end;
  private final Text line = new Text();
  private long pos;
  private long numberInSplit;
  private long linesBefore = -1;
  private boolean tooLong;

  /** The whole file. */
  public NumberedLines(Configuration conf, Path path) throws IOException {
    this(conf, path, 0, Long.MAX_VALUE);
  }

  /** The lines that start in [start, start + length) (a length running past the end means to the end). */
  public NumberedLines(Configuration conf, Path path, long start, long length) throws IOException {
    this.conf = conf;
    this.path = path;
    this.file = path.toString();
    this.splitStart = start;
    FileSystem fs = path.getFileSystem(conf);
    long fileLength = fs.getFileStatus(path).getLen();
    long splitEnd = length >= fileLength - start ? fileLength : start + length;
    this.codec = TextCodecs.codec(conf, path);
    this.raw = fs.open(path);
    this.decompressor = codec == null ? null : decompressor(codec);
    try {
      if (codec == null) {
        raw.seek(start);
        this.lines = new UncompressedSplitLineReader(raw, conf, null, splitEnd - start);
        this.splitCompressed = null;
        this.start = start;
        this.end = splitEnd;
      } else if (codec instanceof SplittableCompressionCodec splittable) {
        // bzip2: the stream starts at the first compressed block at or after start and reports the adjusted
        // bounds, which decide (as in LineRecordReader) where this split's lines begin and end.
        SplitCompressionInputStream in = splittable.createInputStream(raw, decompressor, start, splitEnd,
            SplittableCompressionCodec.READ_MODE.BYBLOCK);
        this.lines = new CompressedSplitLineReader(in, conf, null);
        this.splitCompressed = in;
        this.start = in.getAdjustedStart();
        this.end = in.getAdjustedEnd();
      } else {
        if (start != 0) throw new IllegalArgumentException(file + ": a " + codec.getDefaultExtension()
            + " file cannot be read from byte " + start + " (it is not splittable)");
        this.lines = new SplitLineReader(codec.createInputStream(raw, decompressor), conf, null);
        this.splitCompressed = null;
        this.start = 0;
        this.end = fileLength;
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw codecFailure(e, "at its start");
    }
    // Every split but the first begins inside or at the end of a line that the previous split reads.
    this.pos = this.start;
    if (this.start != 0) pos += readLine(new Text(), 0);
  }

  /** A pooled decompressor; a codec whose native library this JVM lacks (zstd, lz4) says so in one line. */
  private Decompressor decompressor(CompressionCodec c) throws IOException {
    try {
      return CodecPool.getDecompressor(c);
    } catch (RuntimeException | LinkageError e) {
      raw.close();
      throw new BadInputFileException(file + ": " + c.getDefaultExtension() + " files cannot be decompressed by this JVM (" + rootMessage(e) + "); decompress it, or recompress it"
          + " as .bz2 (splittable) or .gz", e);
    }
  }

  /** Moves to the next non-empty line; false at the end of the split. */
  public boolean next() throws IOException {
    while (filePosition() <= end || lines.needAdditionalRecordAfterSplit()) {
      int read = readLine(line, MAX_LINE_BYTES);
      if (read == 0) return false;
      pos += read;
      numberInSplit++;
      tooLong = read > MAX_LINE_BYTES;
      if (tooLong || line.getLength() > 0) return true;
    }
    return false;
  }

  private long filePosition() throws IOException {
    return splitCompressed != null ? splitCompressed.getPos() : codec != null ? raw.getPos() : pos;
  }

  /**
   * A compressed file that ends early (a copy cut short) or holds garbage fails inside the codec with a bare
   * "Unexpected end of ZLIB input stream": named here, with the line reached, as a bad input file.
   */
  private int readLine(Text into, int maxLineLength) throws IOException {
    try {
      return lines.readLine(into, maxLineLength, Integer.MAX_VALUE);
    } catch (IOException | RuntimeException e) {
      if (codec == null || e instanceof org.apache.hadoop.fs.ChecksumException) throw e;
      throw codecFailure(e, "after line " + (numberInSplit == 0 ? "0 of its split" : position().substring(5)));
    }
  }

  private IOException codecFailure(Exception e, String where) {
    if (codec == null || e instanceof org.apache.hadoop.fs.ChecksumException) {
      return e instanceof IOException io ? io : new IOException(e);
    }
    String kind = codec.getDefaultExtension();
    // gzip's reader throws EOFException at a cut; bzip2's says "unexpected end of stream".
    if (e instanceof java.io.EOFException || rootMessage(e).toLowerCase(java.util.Locale.ROOT).contains("unexpected end of")) {
      return new BadInputFileException(file + ": truncated " + kind + " file (it ends inside compressed data, "
          + where + ")", e);
    }
    return new BadInputFileException(file + ": corrupt " + kind + " file " + where + " (" + rootMessage(e) + ")", e);
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) c = c.getCause();
    String m = c.getMessage();
    return m == null ? c.getClass().getSimpleName() : m.split("\n")[0];
  }

  public Text line() { return line; }
  /** The current line's number counted from the split's first line (1 for it); cheap. */
  public long numberInSplit() { return numberInSplit; }
  public boolean tooLong() { return tooLong; }
  public String file() { return file; }

  /** The current line's exact number in the file; counts the lines before the split the first time. */
  public long number() throws IOException {
    if (linesBefore < 0) linesBefore = linesBefore(conf, path, splitStart);
    return linesBefore + numberInSplit;
  }

  /** "line N" with the exact number in the file. */
  public String position() {
    try {
      return "line " + number();
    } catch (IOException e) {
      return "line " + numberInSplit + " of the split at byte " + splitStart + " (lines before it unreadable: "
          + e.getMessage() + ")";
    }
  }

  public String tooLongReason() { return "line longer than " + MAX_LINE_BYTES + " bytes"; }

  /** How many lines (empty ones too) of {@code path} lie before the split that starts at {@code start}. */
  public static long linesBefore(Configuration conf, Path path, long start) throws IOException {
    if (start == 0) return 0;
    try (NumberedLines before = new NumberedLines(conf, path, 0, start)) {
      Text skipped = new Text();
      long count = 0;
      while (before.filePosition() <= before.end || before.lines.needAdditionalRecordAfterSplit()) {
        int read = before.readLine(skipped, 0);
        if (read == 0) break;
        before.pos += read;
        count++;
      }
      return count;
    }
  }

  public float progress() throws IOException {
    if (end <= start) return 1f;
    return Math.min(1f, (filePosition() - start) / (float) (end - start));
  }

  @Override
  public void close() throws IOException {
    try {
      if (lines != null) lines.close();
      else raw.close();
    } finally {
      if (decompressor != null) CodecPool.returnDecompressor(decompressor);
    }
  }
}
