package org.shardtrain.yarn.am;

import org.apache.hadoop.conf.Configuration;
import org.shardtrain.core.param.ParamSource;
import org.shardtrain.core.param.RunParams;

/**
 * The run's two worker pools, as the parameters declare them: slots [0, cpu) are CPU workers, slots
 * [cpu, cpu + gpu) GPU workers on nodes labelled {@code label}, each asking for {@code gpusPerWorker}
 * yarn.io/gpu where the cluster declares that resource. Both pools hold shards and answer every pass alike.
 */
public record WorkerPools(int cpu, int gpu, String label, int gpusPerWorker) {
  public static final String CPU = "cpu";
  public static final String GPU = "gpu";

  /** The pools as {@code --workers}, {@code --gpu-workers}, {@code --gpu-label} and {@code --gpus-per-worker} declare them. */
  public static WorkerPools from(ParamSource conf) {
    return new WorkerPools(RunParams.WORKERS.read(conf), RunParams.GPU_WORKERS.read(conf), RunParams.GPU_LABEL.read(conf),
        RunParams.GPUS_PER_WORKER.read(conf));
  }

  public static WorkerPools from(Configuration conf) { return from(conf::get); }

  /** Every worker of both pools (the ALS engine's block count). */
  public int total() { return cpu + gpu; }

  public boolean isGpu(int slot) { return slot >= cpu; }

  /** {@value #CPU} or {@value #GPU}: metrics.json's {@code pool}. */
  public String poolOf(int slot) { return isGpu(slot) ? GPU : CPU; }

  /** A one-line description for the console: "2 CPU workers and 1 GPU worker (label gpu)". */
  public String describe() {
    String cpus = cpu + " CPU worker" + (cpu == 1 ? "" : "s");
    if (gpu == 0) return cpus;
    return cpus + " and " + gpu + " GPU worker" + (gpu == 1 ? "" : "s") + " (label " + label + ")";
  }
}
