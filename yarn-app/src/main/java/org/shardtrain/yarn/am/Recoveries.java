package org.shardtrain.yarn.am;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.shardtrain.core.io.Json;

/**
 * The workers lost and being replaced, and the record of each recovery (metrics.json {@code recoveries}):
 * which worker, the cause, the iteration, the seconds from the loss to the replacement's first good report.
 * Not thread-safe: the {@link Coordinator} calls it under its lock.
 */
final class Recoveries {
  private final long[] lostAt;
  private final String[] lostWhy;
  private final int[] lostIteration;
  /** Slots lost whose replacement has not registered yet. */
  private final boolean[] awaitingRegistration;
  private final List<Map<String, Object>> done = new ArrayList<>();

  Recoveries(int workers) {
    lostAt = new long[workers];
    lostWhy = new String[workers];
    lostIteration = new int[workers];
    awaitingRegistration = new boolean[workers];
  }

  /** Worker {@code slot}'s container ended for {@code why} during iteration {@code iteration}; a replacement is coming. */
  void lost(int slot, String why, int iteration) {
    lostAt[slot] = System.nanoTime();
    lostWhy[slot] = why;
    lostIteration[slot] = iteration;
    awaitingRegistration[slot] = true;
  }

  /** A worker registered in {@code slot}: a replacement, if one was awaited, is here. */
  void registered(int slot) { awaitingRegistration[slot] = false; }

  /**
   * Whether some worker's replacement has yet to register (a failed collective will be redone when it does; once
   * it has, the coordinator has reposted the pass, and a collective that fails again fails the run).
   */
  boolean anyAwaitingRegistration() {
    for (boolean b : awaitingRegistration) if (b) return true;
    return false;
  }

  /** A good report from {@code slot}: if it is a replacement's first, its recovery is complete. */
  void reported(int slot, String container) {
    if (lostAt[slot] == 0) return;
    Map<String, Object> r = Json.object();
    r.put("failed", "worker " + slot);
    r.put("cause", lostWhy[slot]);
    r.put("iteration", lostIteration[slot]);
    r.put("seconds_to_recover", (System.nanoTime() - lostAt[slot]) / 1e9);
    r.put("replacement", container);
    done.add(r);
    lostAt[slot] = 0;
  }

  List<Map<String, Object>> list() { return new ArrayList<>(done); }
}
