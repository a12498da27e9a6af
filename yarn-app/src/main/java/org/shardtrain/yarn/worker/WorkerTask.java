package org.shardtrain.yarn.worker;

import org.apache.avro.specific.SpecificRecord;

/** One algorithm's work on a worker: the operations it answers, on the shards it loaded. */
interface WorkerTask {
  /** Runs one operation record of WorkerMessages.avdl and returns its result record. */
  SpecificRecord run(SpecificRecord operation) throws Exception;

  /** Records held in memory (for metrics and the status page). */
  long records();

  /** An operation of another program (or none): the AM and this worker disagree on the run. */
  static IllegalArgumentException unknown(SpecificRecord operation) {
    return new IllegalArgumentException("this worker does not run " + org.shardtrain.yarn.rpc.Command.nameOf(operation));
  }
}
