package org.shardtrain.host;

import org.apache.hadoop.conf.Configuration;
import org.shardtrain.core.param.RunParams;

/** How many threads the CPU kernels get: {@code --kernel-threads}, else the container's vcores. */
public final class KernelThreads {
  private KernelThreads() {}

  /** In a map task: {@code --kernel-threads}, else {@code mapreduce.map.cpu.vcores} (default 1). */
  public static int forMapTask(Configuration conf) {
    int set = RunParams.KERNEL_THREADS.read(conf::get);
    return set > 0 ? set : Math.max(1, conf.getInt("mapreduce.map.cpu.vcores", 1));
  }

  /** In a YARN worker holding {@code vcores} virtual cores. */
  public static int forWorker(Configuration conf, int vcores) {
    int set = RunParams.KERNEL_THREADS.read(conf::get);
    return set > 0 ? set : Math.max(1, vcores);
  }
}
