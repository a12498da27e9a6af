package org.shardtrain.yarn.am;

import java.util.concurrent.atomic.AtomicBoolean;
import org.shardtrain.yarn.rpc.Command;
import org.shardtrain.yarn.rpc.Registration;
import org.shardtrain.yarn.rpc.Report;

/**
 * A worker thread for the AM-side tests: it registers, long-polls the coordinator as a worker's RPC would, and
 * reports what its {@link Answers} make of each command, until the workers are stopped or {@code alive} turns
 * false (a worker that dies: it stops answering).
 */
final class FakeWorker {
  /** A worker's report of one command (its slot and the command's sequence are the worker's). */
  interface Answers {
    Report answer(int slot, Command command) throws Exception;
  }

  private FakeWorker() {}

  static Thread start(Coordinator c, Registration registration, AtomicBoolean alive, Answers answers) {
    int slot = registration.slot();
    Thread t = new Thread(() -> {
      try {
        c.register(registration);
        long last = Command.NONE;
        while (alive.get()) {
          Command cmd = c.nextCommand(slot, last, 200);
          if (cmd.sequence() == Command.NONE || !alive.get()) continue;
          if (cmd.isStop()) return;
          last = cmd.sequence();
          c.report(answers.answer(slot, cmd));
        }
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Runs {@code event} on its own thread after {@code millis} (a loss or a replacement while the AM waits). */
  static void later(long millis, Runnable event) {
    new Thread(() -> {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException ignored) {
        return;
      }
      event.run();
    }).start();
  }

  /** A registration with an allreduce endpoint, as a worker that started its {@code PeerEndpoint} makes. */
  static Registration member(int slot, String peer) {
    return new Registration(slot, "container_" + peer, "node", "cpu", "cpu: test", null, 1.0).peer(peer);
  }
}
