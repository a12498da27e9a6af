package org.shardtrain.core.io;

/** What a malformed record does: stop the run naming it, or be counted and set aside under rejects/. */
public enum BadRecordPolicy {
  FAIL, SKIP
}
