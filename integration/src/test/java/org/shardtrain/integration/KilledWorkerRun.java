package org.shardtrain.integration;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.shardtrain.host.program.ProgramTool;
import org.shardtrain.mapreduce.testing.LocalRun;

/**
 * A YARN run in the background whose worker a test kills with SIGKILL mid-run: its passes slowed (~0.7 s each,
 * the worker's test hook) so that there is time to kill one, the worker's JVM found among this JVM's
 * descendants (the mini cluster's containers: another run on the machine has a "worker 1" too) that started
 * after the run began (an earlier test's worker may still be exiting).
 */
final class KilledWorkerRun {
  private final Thread thread;
  private final Instant began;
  private final LocalRun.Result[] result = new LocalRun.Result[1];

  private KilledWorkerRun(Configuration conf, ProgramTool tool, String[] args) {
    Configuration slow = new Configuration(conf);
    slow.setLong(org.shardtrain.yarn.worker.WorkerMain.PASS_DELAY, 700);
    thread = new Thread(() -> {
      try {
        result[0] = LocalRun.run(slow, tool, args);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    thread.start();
    began = Instant.now();
  }

  static KilledWorkerRun start(Configuration conf, ProgramTool tool, String... args) { return new KilledWorkerRun(conf, tool, args); }

  /** The JVM of worker {@code slot} (CPU pool) of {@code program}, once it has started (at most 60 s). */
  ProcessHandle worker(String program, int slot) throws InterruptedException {
    String command = ".*org\\.shardtrain\\.yarn\\.worker\\.WorkerMain " + program + " \\S+ \\d+ " + slot + " cpu";
    for (int i = 0; i < 600; i++) {
      ProcessHandle found = ProcessHandle.current().descendants()
          .filter(p -> p.info().startInstant().map(t -> t.isAfter(began)).orElse(false)
              && p.info().commandLine().orElse("").matches(command))
          .findFirst().orElse(null);
      if (found != null) return found;
      Thread.sleep(100);
    }
    throw new AssertionError("worker " + slot + "'s JVM never appeared");
  }

  /** Kills {@code victim} with SIGKILL and waits for the run to end (at most 300 s); its result. */
  LocalRun.Result kill(ProcessHandle victim) throws InterruptedException {
    assertTrue(victim.destroyForcibly(), "could not kill the worker");
    thread.join(300_000);
    return result[0];
  }
}
