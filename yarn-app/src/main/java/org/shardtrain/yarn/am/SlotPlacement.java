package org.shardtrain.yarn.am;

/**
 * Which worker slot a container the ResourceManager allocated fills. Containers come back without saying
 * which ask they answer (asks of one priority and capability are one bag to the RM), so the AM chooses:
 * among the slots of the container's pool still waiting for one, the slot with the most of its input
 * bytes on the container's node; the lowest slot on a tie. A container no slot waits for is surplus.
 */
final class SlotPlacement {
  /** Bytes of a slot's splits stored on a node (the shard plan's, read when a container arrives). */
  interface LocalBytes {
    long of(int slot, String host);
  }

  private final WorkerPools pools;
  private final LocalBytes local;
  private final boolean[] waiting;

  SlotPlacement(WorkerPools pools, LocalBytes local) {
    this.pools = pools;
    this.local = local;
    this.waiting = new boolean[pools.total()];
  }

  /** The slot's container has been asked for (first, or as a replacement). */
  synchronized void asked(int slot) { waiting[slot] = true; }

  synchronized boolean isWaiting(int slot) { return waiting[slot]; }

  /** The slot a container on {@code host} of the given pool fills, no longer waiting; -1 when none waits. */
  synchronized int place(String host, boolean gpuPool) {
    int best = -1;
    long bestBytes = -1;
    for (int s = 0; s < waiting.length; s++) {
      if (!waiting[s] || pools.isGpu(s) != gpuPool) continue;
      long bytes = local.of(s, host);
      if (bytes > bestBytes) {
        best = s;
        bestBytes = bytes;
      }
    }
    if (best >= 0) waiting[best] = false;
    return best;
  }
}
