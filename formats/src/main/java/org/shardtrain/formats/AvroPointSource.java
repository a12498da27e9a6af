package org.shardtrain.formats;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** Points from the Avro blocks of one split of a file ({@link AvroSplit}), decoded without boxing. */
public final class AvroPointSource implements PointSource {
  private final AvroSplit<DenseVector> split;
  private DenseVector vector = new DenseVector();
  private String error;

  public AvroPointSource(Configuration conf, Path path, long start, long length) throws IOException {
    this.split = new AvroSplit<>(conf, path, start, length, new PointDatumReader());
  }

  @Override
  public boolean next() throws IOException {
    DenseVector v = split.next(vector);
    if (v == null) return false;
    vector = v;
    error = null;
    double[] x = vector.values();
    for (int i = 0; i < vector.size(); i++) {
      if (!Double.isFinite(x[i])) {
        error = "value " + (i + 1) + " is not finite (" + x[i] + ")";
        break;
      }
    }
    if (vector.size() == 0) error = "the point has no values";
    return true;
  }

  @Override public DenseVector vector() { return vector; }
  @Override public String error() { return error; }
  @Override public String raw() { return vector.toString(); }
  @Override public String position() { return split.position(); }
  @Override public String file() { return split.file(); }
  @Override public float progress() throws IOException { return split.progress(); }
  @Override public void close() throws IOException { split.close(); }
}
