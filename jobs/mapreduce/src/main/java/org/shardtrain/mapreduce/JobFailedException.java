package org.shardtrain.mapreduce;

/** A MapReduce job of a run failed; the message is the one line the user needs (a bad record's location, ...). */
public final class JobFailedException extends Exception {
  public JobFailedException(String message) {
    super(message);
  }
}
