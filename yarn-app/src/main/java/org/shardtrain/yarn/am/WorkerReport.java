package org.shardtrain.yarn.am;

import java.io.PrintStream;

/** The console lines that say, once the workers have registered, what each runs on and how much data it got. */
final class WorkerReport {
  private WorkerReport() {}

  static void print(Coordinator coordinator, ShardPlan plan, PrintStream err) {
    long[] bytes = plan.bytes();
    long total = 0;
    for (long b : bytes) total += b;
    for (int i = 0; i < coordinator.workers(); i++) {
      WorkerSlot s = coordinator.slot(i);
      int splits = plan.shards(i).size();
      err.printf("worker %d (%s pool, %s): %s, %.1f GFLOP/s, %.0f%% of the input (%d split%s)%s%n", i, s.pool(),
          s.node(), s.backend(), s.gflops(), total == 0 ? 0.0 : 100.0 * bytes[i] / total, splits, splits == 1 ? "" : "s",
          s.fallbackReason() == null ? "" : "; no GPU used: " + s.fallbackReason());
    }
  }
}
