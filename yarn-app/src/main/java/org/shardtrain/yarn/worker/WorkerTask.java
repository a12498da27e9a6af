package org.shardtrain.yarn.worker;

/** One algorithm's work on a worker: the operations it answers, on the shards it loaded. */
interface WorkerTask {
  /** Runs {@code operation} and returns its result bytes. */
  byte[] run(String operation, byte[] arguments) throws Exception;

  /** Records held in memory (for metrics and the status page). */
  long records();
}
