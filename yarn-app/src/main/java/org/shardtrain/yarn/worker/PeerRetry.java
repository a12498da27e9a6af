package org.shardtrain.yarn.worker;

import java.io.IOException;

/**
 * A worker's fetch from another worker, asked again until it is answered: a fetch that fails to reach its peer (a
 * peer in a long pause, a lost one), is refused for an older epoch, or finds the data not held yet (a peer still writing it, a replacement still reloading)
 * is retried with back-off (10 ms, doubling to 0.5 s) until {@code timeoutMillis}; the wait ends early when the
 * AM has posted the command again for a new membership — then it is redone with the new member table, never
 * finished with a replaced worker's data.
 */
final class PeerRetry {
  /** One attempt: the answer, or null when the peer does not hold the data yet. */
  interface Attempt<T> {
    T call() throws IOException, Collectives.CollectiveFailed;
  }

  private final Collectives collectives;
  private final int slot;
  private final long timeoutMillis;

  PeerRetry(Collectives collectives, int slot, long timeoutMillis) {
    this.collectives = collectives;
    this.slot = slot;
    this.timeoutMillis = timeoutMillis;
  }

  /** {@code attempt}'s answer from worker {@code sender}; {@code what} names the data in a failure. */
  <T> T fetch(String what, int sender, Attempt<T> attempt) throws Collectives.CollectiveFailed {
    long started = System.nanoTime();
    long checked = started;
    long backoff = 10;
    while (true) {
      String why;
      try {
        T answer = attempt.call();
        if (answer != null) return answer;
        why = "worker " + sender + " does not hold " + what + " yet";
      } catch (org.apache.hadoop.ipc.RemoteException e) {
        // The peer answered with an error: a refusal of an older epoch (this worker's command was superseded) or
        // a peer busy for now is asked again; anything else is a fault of the request, told at once.
        boolean retriable = String.valueOf(e.getMessage()).contains("refused")
            || org.apache.hadoop.ipc.RetriableException.class.getName().equals(e.getClassName());
        if (!retriable) {
          throw new Collectives.CollectiveFailed("worker " + slot + ": worker " + sender + " refused the fetch of "
              + what + ": " + e.getMessage());
        }
        why = e.getMessage();
      } catch (IOException e) { // connection refused or reset, a time-out: the peer is paused, lost or replaced
        why = e.getMessage();
      }
      long now = System.nanoTime();
      if ((now - started) / 1_000_000 >= timeoutMillis) {
        throw new Collectives.CollectiveFailed("worker " + slot + ": no " + what + " from worker " + sender
            + " within " + timeoutMillis / 1000.0 + " s: " + why);
      }
      if ((now - checked) / 1_000_000 >= 1000) {
        checked = now;
        if (collectives.superseded()) {
          throw new Collectives.CollectiveFailed("worker " + slot + ": the command was posted again for a new"
              + " membership while it fetched " + what + " from worker " + sender + " (" + why + ")");
        }
      }
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Collectives.CollectiveFailed("worker " + slot + ": interrupted fetching " + what);
      }
      backoff = Math.min(500, 2 * backoff);
    }
  }
}
