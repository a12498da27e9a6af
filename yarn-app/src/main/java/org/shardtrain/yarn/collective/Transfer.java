package org.shardtrain.yarn.collective;

/**
 * One message of an allreduce round: member {@code from} sends its values [{@code lo}, {@code hi}) to member
 * {@code to}, which adds them to its own ({@link Combine#ADD}: a reduction step) or takes them
 * ({@link Combine#SET}: a distribution step).
 */
public record Transfer(int from, int to, long lo, long hi, Combine combine) {
  public enum Combine { ADD, SET }

  public Transfer {
    if (from == to) throw new IllegalArgumentException("a member does not send to itself");
    if (lo < 0 || hi < lo) throw new IllegalArgumentException("bad range [" + lo + ", " + hi + ")");
  }

  /** How many values the message carries. */
  public long length() { return hi - lo; }
}
