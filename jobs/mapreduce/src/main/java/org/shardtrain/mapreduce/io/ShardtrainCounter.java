package org.shardtrain.mapreduce.io;

/** Hadoop counters of shardtrain jobs (group {@code org.shardtrain.mapreduce.io.ShardtrainCounter}). */
public enum ShardtrainCounter {
  /** Valid records read. */
  RECORDS,
  /** Malformed records counted and set aside under --on-bad-record skip. */
  BAD_RECORDS
}
