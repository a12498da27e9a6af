package org.shardtrain.yarn.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which slot an allocated container fills, without a cluster. */
class SlotPlacementTest {
  /** Slots 0-2 CPU, slot 3 GPU; slot 1's bytes are on node b, slot 2's on node c, slot 0's nowhere local. */
  private static final Map<String, Long>[] BYTES = bytes();

  @SuppressWarnings("unchecked")
  private static Map<String, Long>[] bytes() {
    return new Map[] {Map.of(), Map.of("b", 10L), Map.of("c", 30L, "b", 5L), Map.of("b", 99L)};
  }

  private static SlotPlacement allAsked() {
    SlotPlacement p = new SlotPlacement(new WorkerPools(3, 1, "gpu", 1), (slot, host) -> BYTES[slot].getOrDefault(host, 0L));
    for (int s = 0; s < 4; s++) p.asked(s);
    return p;
  }

  @Test
  void aContainerFillsTheSlotWithMostBytesOnItsNode() {
    SlotPlacement p = allAsked();
    assertEquals(2, p.place("c", false));
    assertEquals(1, p.place("b", false)); // slot 2 (5 bytes on b) is filled already; slot 1 has 10
    assertFalse(p.isWaiting(1));
    assertEquals(0, p.place("b", false)); // the last CPU slot, though nothing of it is on b
  }

  @Test
  void onATieTheLowestSlotWins() {
    assertEquals(0, allAsked().place("elsewhere", false));
  }

  @Test
  void aContainerOnlyFillsASlotOfItsOwnPool() {
    SlotPlacement p = allAsked();
    assertEquals(1, p.place("b", false)); // not GPU slot 3, though it has the most bytes on b
    assertEquals(3, p.place("c", true)); // the GPU pool's container goes to the GPU slot only
    assertEquals(-1, p.place("b", true)); // no GPU slot waits: surplus, released
  }

  @Test
  void aReplacementAskMakesTheSlotWaitAgain() {
    SlotPlacement p = new SlotPlacement(new WorkerPools(2, 0, "gpu", 1), (slot, host) -> 0L);
    p.asked(0);
    p.asked(1);
    assertEquals(0, p.place("a", false));
    assertEquals(1, p.place("a", false));
    assertEquals(-1, p.place("a", false));
    p.asked(0); // slot 0's container was lost
    assertTrue(p.isWaiting(0));
    assertEquals(0, p.place("a", false));
  }
}
