package org.shardtrain.yarn.worker;

import java.io.File;
import java.net.InetSocketAddress;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.shardtrain.core.io.BadRecordException;
import org.shardtrain.yarn.am.AppMaster;
import org.shardtrain.yarn.rpc.Command;
import org.shardtrain.yarn.rpc.Report;
import org.shardtrain.yarn.rpc.WorkerProtocol;
import org.shardtrain.yarn.rpc.WorkerRpc;

/**
 * A worker container's main: {@code WorkerMain <program> <am host> <am port> <slot>}. Registers with the
 * AM, then runs commands until told to stop (or the AM is gone). Its state is the shards it loaded, held
 * in primitive arrays for the whole run.
 */
public final class WorkerMain {
  /** Test hook: each worker sleeps this long before every pass (to make a run last long enough to kill a worker). */
  public static final String PASS_DELAY = "shardtrain.debug.pass-delay-ms";

  private WorkerMain() {}

  public static void main(String[] args) throws Exception {
    String program = args[0];
    InetSocketAddress am = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
    int slot = Integer.parseInt(args[3]);
    Configuration conf = new Configuration();
    conf.addResource(new File(AppMaster.JOB_CONF).toURI().toURL());
    String container = System.getenv(ApplicationConstants.Environment.CONTAINER_ID.name());
    String node = System.getenv(ApplicationConstants.Environment.NM_HOST.name());
    WorkerTask task = switch (program) {
      case "kmeans" -> new KMeansWorker(conf, slot);
      case "sgd" -> new SgdWorker(conf, slot);
      case "als" -> new AlsWorker(conf, slot);
      default -> throw new IllegalArgumentException("no YARN worker for program " + program);
    };
    WorkerProtocol rpc = WorkerRpc.proxy(conf, am);
    try {
      rpc.register(slot, container == null ? "" : container, node == null ? "" : node);
      serve(rpc, task, slot, conf.getLong(PASS_DELAY, 0));
    } finally {
      WorkerRpc.close(rpc);
    }
    System.exit(0);
  }

  private static void serve(WorkerProtocol rpc, WorkerTask task, int slot, long delayMillis) throws Exception {
    long last = Command.NONE;
    double compute = 0;
    double waited = 0;
    long idleSince = System.nanoTime();
    while (true) {
      Command c = rpc.nextCommand(slot, last, WorkerRpc.POLL_MILLIS);
      if (c.sequence() == Command.NONE) continue;
      if (Command.STOP.equals(c.operation())) return;
      if (delayMillis > 0) Thread.sleep(delayMillis);
      long started = System.nanoTime();
      waited += (started - idleSince) / 1e9;
      last = c.sequence();
      byte[] result = null;
      String error = null;
      boolean inputError = false;
      try {
        result = task.run(c.operation(), c.payload());
      } catch (BadRecordException | IllegalArgumentException | java.io.FileNotFoundException e) {
        error = e.getMessage();
        inputError = true;
      } catch (Exception | OutOfMemoryError e) {
        error = "worker " + slot + ": " + (e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0]);
        e.printStackTrace();
      }
      idleSince = System.nanoTime();
      compute += (idleSince - started) / 1e9;
      rpc.report(new Report(slot, c.sequence(), error, result, task.records(), compute, waited).inputError(inputError));
    }
  }
}
