package org.shardtrain.formats.input;

/** Hadoop counters of shardtrain jobs (group {@code org.shardtrain.formats.input.ShardtrainCounter}). */
public enum ShardtrainCounter {
  /** Valid records read. */
  RECORDS,
  /** Malformed records counted and set aside under --on-bad-record skip. */
  BAD_RECORDS,
  /** Input splits read (one per map task of a pass; a YARN worker reads several): how the input was cut. */
  INPUT_SPLITS
}
