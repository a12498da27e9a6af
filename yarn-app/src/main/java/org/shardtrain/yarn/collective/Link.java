package org.shardtrain.yarn.collective;

import java.io.IOException;

/**
 * How one member reaches the others during an allreduce: in-process queues in tests, worker endpoints in a run.
 * Messages are identified by (round, sender); a receive blocks until that message has arrived.
 */
public interface Link {
  /**
   * Sends {@code values[0, length)} as this member's message of {@code round} to member {@code to}. The values
   * are copied or written out before it returns: the caller changes them afterwards.
   */
  void send(int to, int round, double[] values, int length) throws IOException;

  /** The message of {@code round} from member {@code from} (its values, exactly as many as were sent). */
  double[] receive(int from, int round) throws IOException, InterruptedException;
}
