package org.shardtrain.yarn.am;

import java.util.HashMap;
import java.util.Map;

/**
 * The failure policy for worker containers that end during the run: a slot is replaced until it has failed
 * more than {@code --max-worker-failures} times, then the run fails naming the last cause; a node where two
 * worker containers failed is avoided from then on (blacklisted once), whichever slots they held.
 */
final class WorkerFailures {
  /**
   * What to do about one failure: ask for a replacement, or fail the run with {@code reason}; and a node to
   * blacklist now, if this failure was that node's second.
   */
  record Decision(boolean replace, int failures, String blacklist, String reason) {}

  /** Failures on one node after which it is avoided. */
  static final int NODE_FAILURES = 2;

  private final int maxFailures;
  private final int[] failures;
  private final Map<String, Integer> nodeFailures = new HashMap<>();

  WorkerFailures(int slots, int maxFailures) {
    this.maxFailures = maxFailures;
    this.failures = new int[slots];
  }

  /** Slot {@code slot}'s container on {@code node} (null if unknown) ended because {@code why}. */
  synchronized Decision failed(int slot, String node, String why) {
    failures[slot]++;
    String blacklist = node != null && nodeFailures.merge(node, 1, Integer::sum) == NODE_FAILURES ? node : null;
    if (failures[slot] > maxFailures) {
      return new Decision(false, failures[slot], blacklist,
          why + " (failed " + failures[slot] + " times; --max-worker-failures " + maxFailures + ")");
    }
    return new Decision(true, failures[slot], blacklist, why);
  }

  int maxFailures() { return maxFailures; }
}
