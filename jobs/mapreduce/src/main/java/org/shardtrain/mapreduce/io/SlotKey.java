package org.shardtrain.mapreduce.io;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.WritableComparable;
import org.apache.hadoop.io.WritableComparator;

/**
 * The key of a statistics pass's map output: the slot (a centre, a candidate, a slice of a vector; negative
 * for list entries) and the map task that emitted it. Sorted by slot then task and grouped by slot
 * ({@link BySlot}), so a reducer adds each slot's partials in task order whatever order the map outputs
 * arrived in: floating-point sums then come out the same bits on every run (issue 22; before, the
 * arrival order made k-means centres move by ~1e-15 forever at {@code --tol 0}).
 */
public final class SlotKey implements WritableComparable<SlotKey> {
  private int slot;
  private int task;

  public SlotKey() {}

  public SlotKey(int slot, int task) { set(slot, task); }

  public void set(int slot, int task) {
    this.slot = slot;
    this.task = task;
  }

  public int slot() { return slot; }
  public int task() { return task; }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeInt(slot);
    out.writeInt(task);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    slot = in.readInt();
    task = in.readInt();
  }

  @Override
  public int compareTo(SlotKey o) {
    int c = Integer.compare(slot, o.slot);
    return c != 0 ? c : Integer.compare(task, o.task);
  }

  @Override
  public boolean equals(Object o) { return o instanceof SlotKey k && k.slot == slot && k.task == task; }

  @Override
  public int hashCode() { return slot * 31 + task; }

  @Override
  public String toString() { return slot + "@" + task; }

  /** The sort order on the serialised bytes (slot, then task), without deserialising. */
  public static final class Comparator extends WritableComparator {
    public Comparator() { super(SlotKey.class); }

    @Override
    public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
      int c = Integer.compare(readInt(b1, s1), readInt(b2, s2));
      return c != 0 ? c : Integer.compare(readInt(b1, s1 + 4), readInt(b2, s2 + 4));
    }
  }

  /** Groups by slot alone: one reduce call sees every task's partial of a slot, in task order. */
  public static final class BySlot extends WritableComparator {
    public BySlot() { super(SlotKey.class, true); }

    @Override
    public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
      return Integer.compare(readInt(b1, s1), readInt(b2, s2));
    }

    // Hadoop's grouping calls this overload with deserialised keys (see AlsKey): override it, not compare(Object, Object).
    @Override
    @SuppressWarnings("rawtypes")
    public int compare(org.apache.hadoop.io.WritableComparable a, org.apache.hadoop.io.WritableComparable b) {
      return Integer.compare(((SlotKey) a).slot, ((SlotKey) b).slot);
    }
  }

  static {
    WritableComparator.define(SlotKey.class, new Comparator());
  }
}
