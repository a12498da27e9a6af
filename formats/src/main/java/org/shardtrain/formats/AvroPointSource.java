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
  private final DataFileReader<DenseVector> reader;
  private final long start;
  private final long end;
  private DenseVector vector = new DenseVector();
  private long block = -1;
  private long recordInBlock;
  private String error;

  public AvroPointSource(Configuration conf, Path path, long start, long length) throws IOException {
    this.file = path.toString();
    try {
      this.reader = new DataFileReader<>(new HadoopSeekableInput(path, conf), new PointDatumReader());
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
      if (!reader.hasNext() || reader.pastSync(end)) return false;
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
