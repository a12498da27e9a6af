package org.shardtrain.yarn.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The lost-worker policy: replacements up to --max-worker-failures per slot, nodes avoided after two failures. */
class WorkerFailuresTest {
  @Test
  void aSlotIsReplacedUntilItFailsMoreThanTheLimit() {
    WorkerFailures f = new WorkerFailures(2, 3);
    for (int i = 1; i <= 3; i++) {
      WorkerFailures.Decision d = f.failed(0, "node" + i, "exit 137");
      assertTrue(d.replace(), "failure " + i);
      assertEquals(i, d.failures());
    }
    WorkerFailures.Decision last = f.failed(0, "node4", "container exited with status 137");
    assertFalse(last.replace());
    assertEquals("container exited with status 137 (failed 4 times; --max-worker-failures 3)", last.reason());
  }

  @Test
  void eachSlotCountsItsOwnFailures() {
    WorkerFailures f = new WorkerFailures(2, 1);
    assertTrue(f.failed(0, null, "a").replace());
    assertTrue(f.failed(1, null, "b").replace());
    assertFalse(f.failed(0, null, "c").replace());
  }

  @Test
  void noReplacementsWithALimitOfZero() {
    assertFalse(new WorkerFailures(1, 0).failed(0, "n", "gone").replace());
  }

  @Test
  void aNodeIsBlacklistedOnceAtItsSecondFailureWhicheverSlots() {
    WorkerFailures f = new WorkerFailures(3, 10);
    assertNull(f.failed(0, "n1", "x").blacklist());
    assertNull(f.failed(1, "n2", "x").blacklist());
    assertEquals("n1", f.failed(2, "n1", "x").blacklist());
    assertNull(f.failed(0, "n1", "x").blacklist()); // already avoided
    assertNull(f.failed(0, null, "x").blacklist()); // node unknown
  }
}
