package org.shardtrain.host;

/**
 * A pass of a run failed; the message is the one line the user needs (a bad record's location, the
 * framework's reason, a lost worker). {@link #inputError()} tells a scheduler whether rerunning can help:
 * a task that reported bad input will fail again on the same input, a lost node or container may not.
 */
public final class JobFailedException extends Exception {
  private final boolean inputError;

  /** A failure of the cluster or the framework (lost containers, time-outs, a task that died). */
  public JobFailedException(String message) {
    this(message, false);
  }

  public JobFailedException(String message, boolean inputError) {
    super(message);
    this.inputError = inputError;
  }

  /** True when a task reported the input itself as the reason (a malformed record, an unreadable file). */
  public boolean inputError() { return inputError; }
}
