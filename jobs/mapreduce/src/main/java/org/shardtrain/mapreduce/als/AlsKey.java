package org.shardtrain.mapreduce.als;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.WritableComparable;
import org.apache.hadoop.io.WritableComparator;
import org.apache.hadoop.mapreduce.Partitioner;

/**
 * A user or item ID with a tag, for the reduce-side join of ratings with factors: partitioned and grouped
 * by ID, sorted by (ID, tag) so that an ID's factor ({@link #FACTOR} = 0) reaches the reducer before its
 * ratings. The reducer then streams the ratings without holding them.
 */
public final class AlsKey implements WritableComparable<AlsKey> {
  public static final byte FACTOR = 0;
  public static final byte RATING = 1;

  private final Text id = new Text();
  private byte tag;

  public AlsKey() {}

  public AlsKey(String id, byte tag) { set(id, tag); }

  public void set(String id, byte tag) {
    this.id.set(id);
    this.tag = tag;
  }

  public void set(Text id, byte tag) {
    this.id.set(id);
    this.tag = tag;
  }

  public Text id() { return id; }
  public byte tag() { return tag; }

  @Override
  public void write(DataOutput out) throws IOException {
    id.write(out);
    out.writeByte(tag);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    id.readFields(in);
    tag = in.readByte();
  }

  @Override
  public int compareTo(AlsKey o) {
    int c = id.compareTo(o.id);
    return c != 0 ? c : Byte.compare(tag, o.tag);
  }

  @Override
  public boolean equals(Object o) { return o instanceof AlsKey k && k.id.equals(id) && k.tag == tag; }

  @Override
  public int hashCode() { return id.hashCode() * 31 + tag; }

  @Override
  public String toString() { return id + "/" + tag; }

  /** Sends every record of one ID to the same reducer, whatever its tag. */
  public static final class IdPartitioner extends Partitioner<AlsKey, Object> {
    @Override
    public int getPartition(AlsKey key, Object value, int partitions) {
      return (key.id.hashCode() & Integer.MAX_VALUE) % partitions;
    }
  }

  /** Groups by ID only, so one reduce call sees the factor and then the ratings. */
  public static final class IdGrouping extends WritableComparator {
    public IdGrouping() { super(AlsKey.class, true); }

    // Hadoop's raw comparison calls this overload, not compare(Object, Object).
    @Override
    @SuppressWarnings("rawtypes")
    public int compare(WritableComparable a, WritableComparable b) {
      return ((AlsKey) a).id.compareTo(((AlsKey) b).id);
    }
  }
}
