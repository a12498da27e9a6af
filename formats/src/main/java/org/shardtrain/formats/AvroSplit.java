package org.shardtrain.formats;

import java.io.IOException;
import java.util.Arrays;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.io.DatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.io.BadInputFileException;

/**
 * The records of an Avro container file whose blocks start in [start, start + length) — the split rule of
 * Avro files, so every block is read by exactly one task — with the position of the current record (block
 * and record number) for error messages.
 *
 * <p>Avro's reader ends quietly at a truncated last block, dropping its records. A complete container file
 * ends with its sync marker; the split that reaches the end of the file checks that it does.
 */
final class AvroSplit<T> implements AutoCloseable {
  private final String file;
  private final Path path;
  private final Configuration conf;
  private final HadoopSeekableInput input;
  private final DataFileReader<T> reader;
  private final long start;
  private final long end;
  private final byte[] sync = new byte[16];
  private long block = -1;
  private long recordInBlock;

  AvroSplit(Configuration conf, Path path, long start, long length, DatumReader<T> datumReader) throws IOException {
    this.file = path.toString();
    this.path = path;
    this.conf = conf;
    try {
      this.input = new HadoopSeekableInput(path, conf);
      this.reader = new DataFileReader<>(input, datumReader);
      // Right after the header the reader stands just past the file's sync marker: remember it.
      long headerEnd = reader.previousSync();
      try (HadoopSeekableInput in = new HadoopSeekableInput(path, conf)) {
        in.seek(headerEnd - sync.length);
        readFully(in, sync);
      }
    } catch (IllegalArgumentException e) {
      throw new BadInputFileException(file + ": " + rootMessage(e), e);
    } catch (IOException e) {
      throw new BadInputFileException(file + ": not a readable Avro container file (" + rootMessage(e) + ")", e);
    }
    this.start = start;
    this.end = start + length;
    if (start > 0) reader.sync(start);
  }

  /** The next record of the split, decoded into {@code reuse}; null at the end. */
  T next(T reuse) throws IOException {
    try {
      if (reader.pastSync(end)) return null;
      if (!reader.hasNext()) {
        checkComplete();
        return null;
      }
      long sync = reader.previousSync();
      if (sync != block) {
        block = sync;
        recordInBlock = 0;
      }
      recordInBlock++;
      return reader.next(reuse);
    } catch (AvroRuntimeException e) {
      throw new BadInputFileException(file + ", " + position() + ": corrupt Avro data (" + rootMessage(e) + ")", e);
    }
  }

  String file() { return file; }

  String position() { return "Avro block at byte " + block + ", record " + recordInBlock; }

  float progress() throws IOException {
    if (end == start) return 1f;
    return Math.min(1f, (reader.previousSync() - start) / (float) (end - start));
  }

  private void checkComplete() throws IOException {
    long fileLength = input.length();
    if (end < fileLength) return;
    byte[] tail = new byte[sync.length];
    try (HadoopSeekableInput in = new HadoopSeekableInput(path, conf)) {
      in.seek(fileLength - tail.length);
      readFully(in, tail);
    }
    if (!Arrays.equals(tail, sync)) {
      throw new BadInputFileException(file + ", Avro block after byte " + reader.previousSync()
          + ": truncated Avro file (it does not end with a complete block)");
    }
  }

  private static void readFully(HadoopSeekableInput in, byte[] buf) throws IOException {
    int off = 0;
    while (off < buf.length) {
      int n = in.read(buf, off, buf.length - off);
      if (n < 0) throw new java.io.EOFException("unexpected end of file");
      off += n;
    }
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) c = c.getCause();
    String m = c.getMessage();
    return m == null ? c.getClass().getSimpleName() : m.split("\n")[0];
  }
}
