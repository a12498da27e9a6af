package org.shardtrain.yarn.client;

import java.io.PrintStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * What becomes of a submitted application when its client stops following it before the end (Ctrl-C,
 * SIGTERM, or an error in the client): by default the application is killed, as Spark's client mode does
 * (nobody would see its result, and its containers would hold the queue); with {@code --detach} it keeps
 * running and the client says how to follow or kill it. Either way the application ID is printed.
 */
final class ClientInterrupt {
  private final Configuration conf;
  private final ApplicationId id;
  private final String program;
  private final boolean detach;
  private final PrintStream err;
  private final Runnable cleanUp;
  private final Thread hook;
  private boolean handled;

  /** Armed at once: a shutdown hook acts if the process ends before {@link #disarm}. */
  ClientInterrupt(Configuration conf, ApplicationId id, String program, boolean detach, PrintStream err, Runnable cleanUp) {
    this.conf = conf;
    this.id = id;
    this.program = program;
    this.detach = detach;
    this.err = err;
    this.cleanUp = cleanUp;
    this.hook = new Thread(() -> abandon("interrupted"), "shardtrain-client-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** The application ended and the client saw it: nothing to do at exit. */
  void disarm() {
    synchronized (this) {
      handled = true;
    }
    removeHook();
  }

  private void removeHook() {
    if (Thread.currentThread() == hook) return;
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down; the hook sees handled and does nothing
    }
  }

  /**
   * Whether the process is exiting (Ctrl-C, SIGTERM): then Hadoop's own hook closes the filesystems under the
   * following thread, whose error is only a consequence; this class's hook says what became of the application.
   */
  static boolean exiting() {
    return ShutdownHookManager.get().isShutdownInProgress();
  }

  /** The client stops following the application ({@code why}: "interrupted", or the client's own error). */
  void abandon(String why) {
    synchronized (this) {
      if (handled) return;
      handled = true;
    }
    removeHook();
    if (detach) {
      err.println("shardtrain " + program + ": " + why + "; " + id + " keeps running (--detach): follow it "
          + "with `scripts/shardtrain status " + id + "`, stop it with `scripts/shardtrain kill " + id + "`");
      return;
    }
    // A client of its own: the one that followed the run may be stopping in another thread by now.
    YarnClient killer = YarnClient.createYarnClient();
    try {
      Configuration c = new Configuration(conf);
      // killApplication waits until the RM confirms; at exit it must not wait forever (the default).
      c.setLong(YarnConfiguration.YARN_CLIENT_APPLICATION_CLIENT_PROTOCOL_POLL_TIMEOUT_MS, 20_000);
      killer.init(c);
      killer.start();
      killer.killApplication(id);
      err.println("shardtrain " + program + ": " + why + "; killed " + id
          + " (--detach leaves an application running when its client stops)");
    } catch (Exception e) {
      err.println("shardtrain " + program + ": " + why + "; could not kill " + id + " (" + e.getMessage()
          + "): `scripts/shardtrain kill " + id + "` stops it");
    } finally {
      killer.stop();
    }
    cleanUp.run();
  }
}
