package org.shardtrain.mapreduce.als;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * What travels in the recommendation jobs: a user's factor with the items to exclude, an item's factor, a
 * marker that a user was asked for, a rated item, or a list of (item, score) candidates.
 */
public final class RecValue implements Writable {
  public static final byte FACTOR = 1;
  public static final byte WANTED = 2;
  public static final byte RATED = 3;
  public static final byte CANDIDATES = 4;
  public static final byte ITEM = 5;

  private byte kind;
  private String id = "";
  private double[] vector = new double[0];
  private final List<String> names = new ArrayList<>();
  private double[] scores = new double[0];

  public byte kind() { return kind; }
  public String id() { return id; }
  public double[] vector() { return vector; }
  /** Excluded items (FACTOR of a user) or candidate items (CANDIDATES). */
  public List<String> names() { return names; }
  public double[] scores() { return scores; }

  public RecValue factor(String id, double[] v, List<String> excluded) {
    kind = FACTOR;
    this.id = id;
    vector = v;
    names.clear();
    names.addAll(excluded);
    return this;
  }

  /** An item's factor, on its way to its block. */
  public RecValue item(String id, double[] v) {
    kind = ITEM;
    this.id = id;
    vector = v;
    names.clear();
    return this;
  }

  public RecValue wanted() {
    kind = WANTED;
    names.clear();
    return this;
  }

  public RecValue rated(String item) {
    kind = RATED;
    id = item;
    names.clear();
    return this;
  }

  public RecValue candidates(String user, List<String> items, double[] s) {
    kind = CANDIDATES;
    id = user;
    names.clear();
    names.addAll(items);
    scores = s;
    return this;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeByte(kind);
    out.writeUTF(id);
    WritableUtils.writeVInt(out, vector.length);
    for (double v : vector) out.writeDouble(v);
    WritableUtils.writeVInt(out, names.size());
    for (String n : names) out.writeUTF(n);
    WritableUtils.writeVInt(out, scores.length);
    for (double s : scores) out.writeDouble(s);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    kind = in.readByte();
    id = in.readUTF();
    vector = new double[WritableUtils.readVInt(in)];
    for (int i = 0; i < vector.length; i++) vector[i] = in.readDouble();
    names.clear();
    int n = WritableUtils.readVInt(in);
    for (int i = 0; i < n; i++) names.add(in.readUTF());
    scores = new double[WritableUtils.readVInt(in)];
    for (int i = 0; i < scores.length; i++) scores[i] = in.readDouble();
  }

  @Override
  public String toString() { return kind + ":" + id + " " + names + " " + Arrays.toString(scores); }
}
