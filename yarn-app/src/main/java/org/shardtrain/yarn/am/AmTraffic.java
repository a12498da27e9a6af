package org.shardtrain.yarn.am;

import org.shardtrain.yarn.rpc.NameNodeOps;

/**
 * What the AM moves and merges as the workers' hub, counted for metrics.json's {@code coordination}: encoded
 * command bytes the workers fetched, result bytes they sent, time spent merging, the workers' NameNode
 * operations (a replaced worker's kept), and the passes reduced among the workers (and those posted again).
 */
final class AmTraffic {
  private long bytesToWorkers;
  private long bytesFromWorkers;
  private long mergeNanos;
  private long collectivePasses;
  private long collectiveReposts;
  private final NameNodeOps[] workerOps;
  private NameNodeOps retiredOps = NameNodeOps.NONE;

  AmTraffic(int workers) {
    workerOps = new NameNodeOps[workers];
    java.util.Arrays.fill(workerOps, NameNodeOps.NONE);
  }

  synchronized void fetched(int bytes) { bytesToWorkers += bytes; }

  /** A report: its result's bytes and its worker's NameNode operations so far. */
  synchronized void reported(int slot, int bytes, NameNodeOps ops) {
    bytesFromWorkers += bytes;
    workerOps[slot] = ops;
  }

  /** The slot's process is gone: its operations stay counted, its replacement counts from zero. */
  synchronized void replaced(int slot) {
    retiredOps = retiredOps.plus(workerOps[slot]);
    workerOps[slot] = NameNodeOps.NONE;
  }

  synchronized void merged(long nanos) { mergeNanos += nanos; }

  synchronized void collectivePosted() { collectivePasses++; }

  synchronized void collectiveReposted() { collectiveReposts++; }

  synchronized Coordinator.Traffic snapshot() {
    NameNodeOps ops = retiredOps;
    for (NameNodeOps o : workerOps) ops = ops.plus(o);
    return new Coordinator.Traffic(bytesToWorkers, bytesFromWorkers, mergeNanos / 1e9, ops, collectivePasses, collectiveReposts);
  }
}
