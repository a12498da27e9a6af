package org.shardtrain.formats;

import java.io.IOException;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.shardtrain.formats.avro.LabeledExample;

/**
 * {@link LabeledExample}s from one split of an Avro file, decoded straight into reused primitive buffers
 * (no boxing), and checked: equal lengths, 0-based strictly increasing indices, finite values.
 */
public final class AvroExampleSource implements ExampleSource {
  private final AvroSplit<Buffers> split;
  private Buffers current = new Buffers();
  private String error;

  /** The decoded example: reused between records. */
  static final class Buffers {
    double label;
    int[] idx = new int[16];
    double[] val = new double[16];
    int n;
    int values;
  }

  public AvroExampleSource(Configuration conf, Path path, long start, long length) throws IOException {
    this.split = new AvroSplit<>(conf, path, start, length, new Reader());
  }

  @Override
  public boolean next() throws IOException {
    Buffers b = split.next(current);
    if (b == null) return false;
    current = b;
    error = check(b);
    return true;
  }

  private static String check(Buffers b) {
    if (!Double.isFinite(b.label)) return "label is not finite";
    if (b.n != b.values) return b.n + " indices but " + b.values + " values";
    for (int i = 0; i < b.n; i++) {
      if (b.idx[i] < 0) return "feature " + (i + 1) + " has a negative index " + b.idx[i];
      if (i > 0 && b.idx[i] <= b.idx[i - 1]) {
        return "feature " + (i + 1) + " index " + b.idx[i] + " does not increase (previous " + b.idx[i - 1] + ")";
      }
      if (!Double.isFinite(b.val[i])) return "feature " + (i + 1) + " value is not finite";
    }
    return null;
  }

  @Override public double label() { return current.label; }
  @Override public int[] indices() { return current.idx; }
  @Override public double[] values() { return current.val; }
  @Override public int size() { return error == null ? current.n : 0; }
  @Override public String error() { return error; }

  @Override
  public String raw() {
    StringBuilder sb = new StringBuilder().append(current.label);
    for (int i = 0; i < Math.min(current.n, current.values); i++) sb.append(' ').append(current.idx[i] + 1).append(':').append(current.val[i]);
    return sb.toString();
  }

  @Override public String position() { return split.position(); }
  @Override public String file() { return split.file(); }
  @Override public float progress() throws IOException { return split.progress(); }
  @Override public void close() throws IOException { split.close(); }

  private static final class Reader implements DatumReader<Buffers> {
    @Override
    public void setSchema(Schema writer) {
      if (!writer.getFullName().equals(LabeledExample.getClassSchema().getFullName())
          || !writer.getFields().equals(LabeledExample.getClassSchema().getFields())) {
        throw new IllegalArgumentException("Avro schema " + writer.getFullName()
            + " is not a LabeledExample (label: double, indices: array<int>, values: array<double>)");
      }
    }

    @Override
    public Buffers read(Buffers reuse, Decoder in) throws IOException {
      Buffers b = reuse != null ? reuse : new Buffers();
      b.label = in.readDouble();
      b.n = 0;
      for (long n = in.readArrayStart(); n > 0; n = in.arrayNext()) {
        for (long i = 0; i < n; i++) {
          if (b.n == b.idx.length) b.idx = Arrays.copyOf(b.idx, b.n * 2);
          b.idx[b.n++] = in.readInt();
        }
      }
      b.values = 0;
      for (long n = in.readArrayStart(); n > 0; n = in.arrayNext()) {
        for (long i = 0; i < n; i++) {
          if (b.values == b.val.length) b.val = Arrays.copyOf(b.val, b.values * 2);
          b.val[b.values++] = in.readDouble();
        }
      }
      return b;
    }
  }
}
