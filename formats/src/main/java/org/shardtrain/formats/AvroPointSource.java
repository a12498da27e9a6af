package org.shardtrain.formats;

import java.io.IOException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Points from the Avro blocks of one file that start in [start, start + length): the split rule of Avro
 * container files, so that every block is read by exactly one task.
 */
public final class AvroPointSource implements PointSource {
  private final String file;
  private final Configuration conf;
  private final DataFileReader<DenseVector> reader;
  private final long start;
  private final long end;
  private final HadoopSeekableInput input;
  private final byte[] sync = new byte[16];
  private DenseVector vector = new DenseVector();
  private long block = -1;
  private long recordInBlock;
  private String error;

  public AvroPointSource(Configuration conf, Path path, long start, long length) throws IOException {
    this.file = path.toString();
    this.conf = conf;
    try {
      this.input = new HadoopSeekableInput(path, conf);
      this.reader = new DataFileReader<>(input, new PointDatumReader());
      // Right after the header, the reader stands just past the file's sync marker: remember it.
      long headerEnd = reader.previousSync();
      try (HadoopSeekableInput in = new HadoopSeekableInput(path, conf)) {
        in.seek(headerEnd - sync.length);
        readFully(in, sync);
      }
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + rootMessage(e), e);
    } catch (IOException e) {
      throw new IOException(file + ": not a readable Avro container file (" + rootMessage(e) + ")", e);
    }
    this.start = start;
    this.end = start + length;
    if (start > 0) reader.sync(start);
  }

  @Override
  public boolean next() throws IOException {
    try {
      if (reader.pastSync(end)) return false;
      if (!reader.hasNext()) {
        checkComplete();
        return false;
      }
      long sync = reader.previousSync();
      if (sync != block) {
        block = sync;
        recordInBlock = 0;
      }
      recordInBlock++;
      vector = reader.next(vector);
    } catch (AvroRuntimeException e) {
      // A truncated or corrupt block: name where it is and stop; the rest of the file cannot be trusted.
      throw new IOException(file + ", " + position() + ": corrupt Avro data (" + rootMessage(e) + ")", e);
    }
    error = null;
    double[] v = vector.values();
    for (int i = 0; i < vector.size(); i++) {
      if (!Double.isFinite(v[i])) {
        error = "value " + (i + 1) + " is not finite (" + v[i] + ")";
        break;
      }
    }
    if (vector.size() == 0) error = "the point has no values";
    return true;
  }

  /**
   * Avro's reader ends quietly at a truncated last block, dropping its records. A complete container file
   * ends with its sync marker; the split that reaches the end of the file checks that it does.
   */
  private void checkComplete() throws IOException {
    long length = input.length();
    if (end < length) return;
    byte[] tail = new byte[sync.length];
    try (HadoopSeekableInput in = new HadoopSeekableInput(new org.apache.hadoop.fs.Path(file), conf)) {
      in.seek(length - tail.length);
      readFully(in, tail);
    }
    if (!java.util.Arrays.equals(tail, sync)) {
      throw new IOException(file + ", Avro block after byte " + reader.previousSync()
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

  @Override public DenseVector vector() { return vector; }
  @Override public String error() { return error; }
  @Override public String raw() { return vector.toString(); }
  @Override public String position() { return "Avro block at byte " + block + ", record " + recordInBlock; }
  @Override public String file() { return file; }

  @Override
  public float progress() throws IOException {
    if (end == start) return 1f;
    return Math.min(1f, (reader.previousSync() - start) / (float) (end - start));
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
