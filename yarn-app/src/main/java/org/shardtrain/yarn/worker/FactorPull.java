package org.shardtrain.yarn.worker;

import org.shardtrain.core.als.FactorBlock;
import org.shardtrain.yarn.collective.FactorChunk;
import org.shardtrain.yarn.protocol.Members;

/**
 * A half-step's in-blocks, pulled from the workers that solved them (the receiver pulls, as in Spark's shuffle
 * and the MapReduce shuffle): from each sender whose block owns some of the factors this block's ratings
 * use — no other — the rows in chunks of at most {@link #CHUNK_BYTES}, so a pair's out-block may be larger than
 * one IPC message. No file is written: each factor crosses the network once per destination block.
 * A fetch that fails or finds the step not held yet is asked again ({@link PeerRetry}).
 */
final class FactorPull {
  /** The most bytes one fetch answers: far below {@code ipc.maximum.response.length} (128 MB). */
  static final int CHUNK_BYTES = 4 << 20;

  private final Collectives collectives;
  private final OutBlocks own;
  private final int slot;
  private final PeerRetry retry;

  FactorPull(Collectives collectives, OutBlocks own, int slot, long timeoutMillis) {
    this.collectives = collectives;
    this.own = own;
    this.slot = slot;
    this.retry = new PeerRetry(collectives, slot, timeoutMillis);
  }

  /** What every block sent this one at {@code step}, into {@code out} in its otherIds order ({@code order.receives}). */
  void receive(ExchangeOrder order, String step, Members members, FactorBlock out) throws Collectives.CollectiveFailed {
    int k = out.rank();
    int maxRows = Math.max(1, CHUNK_BYTES / (k * Double.BYTES));
    for (int s = 0; s < order.receives.length; s++) {
      int[] into = order.receives[s];
      for (int first = 0; first < into.length; ) {
        FactorChunk c = fetch(members, s, step, first, maxRows);
        if (c.totalRows() != into.length || c.rank() != k || c.digest() != order.receiveDigests[s]
            || c.firstRow() != first || c.rows() == 0) {
          throw new IllegalStateException("block " + s + " sent " + c.totalRows() + " factors of rank " + c.rank()
              + " for " + step + ", block " + slot + " expected " + into.length + " of rank " + k
              + (c.digest() != order.receiveDigests[s] ? " (different IDs)" : ""));
        }
        double[] v = c.values();
        for (int i = 0; i < c.rows(); i++) out.set(into[first + i], v, i * k);
        first += c.rows();
      }
    }
  }

  private FactorChunk fetch(Members members, int sender, String step, int first, int maxRows)
      throws Collectives.CollectiveFailed {
    if (sender == slot) { // its own block: no message
      FactorChunk c = own.serve(step, slot, first, maxRows);
      if (!c.held()) throw new IllegalStateException("worker " + slot + " does not hold its own factors of " + step);
      return c;
    }
    return retry.fetch("factors of " + step, sender, () -> {
      FactorChunk c = collectives.fetchFactors(members, sender, step, slot, first, maxRows);
      return c.held() ? c : null;
    });
  }
}
