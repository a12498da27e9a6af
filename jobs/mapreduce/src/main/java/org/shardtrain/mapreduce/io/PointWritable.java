package org.shardtrain.mapreduce.io;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;
import org.shardtrain.formats.DenseVector;
import org.shardtrain.formats.PointSource;

/**
 * One input point as a mapper sees it: its values (a reused primitive buffer), or the reason it could not
 * be parsed, plus where it came from. The record reader refills the same instance for every record.
 */
public final class PointWritable implements Writable {
  private DenseVector vector = new DenseVector();
  private String error;
  private String file = "";
  private String position = "";
  private String raw = "";
  /** The reader the record came from: asked for the position and raw text only when a record is bad. */
  private PointSource source;

  public DenseVector vector() { return vector; }
  public String error() { return error; }
  public String file() { return source != null ? source.file() : file; }
  public String position() { return source != null ? source.position() : position; }
  public String raw() { return source != null ? source.raw() : raw; }

  /** Points this record at the reader's current state (no copy, no string built per record). */
  public void set(DenseVector vector, String error, PointSource source) {
    this.vector = vector;
    this.error = error;
    this.source = source;
  }

  private void set(DenseVector vector, String error, String file, String position, String raw) {
    this.vector = vector;
    this.error = error;
    this.file = file;
    this.position = position;
    this.raw = raw;
    this.source = null;
  }

  public static PointWritable of(double... values) {
    PointWritable p = new PointWritable();
    DenseVector v = new DenseVector();
    v.set(values, values.length);
    p.set(v, null, "test", "record", v.toString());
    return p;
  }

  public static PointWritable bad(String reason, String file, String position, String raw) {
    PointWritable p = new PointWritable();
    p.set(new DenseVector(), reason, file, position, raw);
    return p;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    WritableUtils.writeVInt(out, vector.size());
    for (int i = 0; i < vector.size(); i++) out.writeDouble(vector.values()[i]);
    out.writeBoolean(error != null);
    if (error != null) out.writeUTF(error);
    out.writeUTF(file());
    out.writeUTF(position());
    out.writeUTF(raw());
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    int n = WritableUtils.readVInt(in);
    vector = new DenseVector();
    for (int i = 0; i < n; i++) vector.add(in.readDouble());
    error = in.readBoolean() ? in.readUTF() : null;
    file = in.readUTF();
    position = in.readUTF();
    raw = in.readUTF();
    source = null;
  }
}
