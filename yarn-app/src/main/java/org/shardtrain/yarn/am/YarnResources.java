package org.shardtrain.yarn.am;

import org.apache.hadoop.conf.Configuration;
import org.shardtrain.core.param.ParamSource;
import org.shardtrain.core.param.RunParams;

/**
 * What a run asks YARN for, read once from its declared parameters (validated and defaulted by the
 * declarations): the queue, the ApplicationMaster's container and attempts, the two worker pools, each
 * worker's container, and how many worker failures the run survives. The client checks the queue and
 * submits with it, the ApplicationMaster launches workers with it, a worker sizes its kernel threads with
 * it — instead of each re-reading the keys with a default copied beside them.
 */
public record YarnResources(String queue, int amMemoryMb, int amAttempts, WorkerPools pools, int workerMemoryMb,
                            int workerVcores, int maxWorkerFailures) {
  public static YarnResources from(ParamSource conf) {
    return new YarnResources(RunParams.QUEUE.read(conf), RunParams.AM_MEMORY.read(conf), RunParams.AM_ATTEMPTS.read(conf),
        WorkerPools.from(conf), RunParams.WORKER_MEMORY.read(conf), RunParams.WORKER_VCORES.read(conf),
        RunParams.MAX_WORKER_FAILURES.read(conf));
  }

  public static YarnResources from(Configuration conf) { return from(conf::get); }

  /** "(2048 MB, 1 vcores each; queue default)": what the console says it waits for. */
  public String describeAsk() {
    return "(" + workerMemoryMb + " MB, " + workerVcores + " vcores each; queue " + queue + ")";
  }
}
