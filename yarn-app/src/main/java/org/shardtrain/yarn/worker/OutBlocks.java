package org.shardtrain.yarn.worker;

import org.shardtrain.core.als.FactorBlock;
import org.shardtrain.yarn.collective.FactorChunk;
import org.shardtrain.yarn.collective.FactorServer;

/**
 * The ALS factors a worker serves to the others: for each side, the newest factors its block solved (or reloaded
 * from its checkpoint part, after it replaced a lost worker) with the rows each destination block needs. Spark's
 * out-blocks, kept in memory with no copy: the solved block itself, until the next half-step of the same side
 * replaces it. That is safe because the AM starts a half-step only when every worker has finished the one
 * before, so nobody still reads a side when its next half-step begins (a half-step reads the other side).
 */
final class OutBlocks implements FactorServer {
  /** One side's newest factors: {@code step} is {@code users-<t>} or {@code items-<t>}. */
  private record Held(String step, FactorBlock factors, ExchangeOrder order) {}

  private volatile Held users;
  private volatile Held items;

  /** Serves {@code factors} as {@code step}'s from now on, in place of that side's previous step. */
  void keep(String step, FactorBlock factors, ExchangeOrder order) {
    Held h = new Held(step, factors, order);
    if (isUsers(step)) users = h;
    else items = h;
  }

  boolean holds(String step) { return held(step) != null; }

  private Held held(String step) {
    Held h = isUsers(step) ? users : items;
    return h != null && h.step.equals(step) ? h : null;
  }

  private static boolean isUsers(String step) {
    if (step.startsWith("users-")) return true;
    if (step.startsWith("items-")) return false;
    throw new IllegalArgumentException("no ALS step " + step);
  }

  @Override
  public FactorChunk serve(String step, int toBlock, int firstRow, int maxRows) {
    Held h = held(step);
    if (h == null) return FactorChunk.notHeld();
    int[] rows = h.order.sends[toBlock];
    int n = Math.max(0, Math.min(maxRows, rows.length - firstRow));
    int k = h.factors.rank();
    double[] values = new double[n * k];
    for (int i = 0; i < n; i++) h.factors.get(rows[firstRow + i], values, i * k);
    return FactorChunk.of(rows.length, k, h.order.sendDigests[toBlock], firstRow, n, values);
  }
}
