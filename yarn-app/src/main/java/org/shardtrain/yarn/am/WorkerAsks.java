package org.shardtrain.yarn.am;

import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.shardtrain.host.JobFailedException;

/**
 * The container ask of each worker slot (the first and every replacement alike): a CPU worker near its
 * shards, a GPU worker on a node of the GPU label with its GPUs. Sizes no node could ever give are refused
 * before anything is asked.
 */
final class WorkerAsks {
  /**
   * The pools ask at different priorities: requests of one priority and capability are one bag to the
   * ResourceManager, and a GPU ask at the CPU workers' priority would overwrite theirs (YARN-7631).
   */
  static final Priority CPU_WORKERS = Priority.newInstance(1);
  static final Priority GPU_WORKERS = Priority.newInstance(2);
  static final String GPU_RESOURCE = "yarn.io/gpu";

  /** The nodes holding most of a slot's bytes, best first (the shard plan's, read when the ask is made). */
  interface PreferredNodes {
    String[] of(int slot);
  }

  private final WorkerPools pools;
  private final Resource cpuCapability;
  private final Resource gpuCapability;
  private final PreferredNodes nodes;

  private WorkerAsks(WorkerPools pools, Resource cpuCapability, Resource gpuCapability, PreferredNodes nodes) {
    this.pools = pools;
    this.cpuCapability = cpuCapability;
    this.gpuCapability = gpuCapability;
    this.nodes = nodes;
  }

  /**
   * The asks for a cluster whose largest container is {@code maximum}; where the cluster declares
   * yarn.io/gpu ({@code clusterHasGpus}) a GPU worker asks for {@code pools.gpusPerWorker()} of them.
   */
  static WorkerAsks forCluster(WorkerPools pools, int memoryMb, int vcores, Resource maximum, boolean clusterHasGpus,
                               PreferredNodes nodes) throws JobFailedException {
    if (memoryMb > maximum.getMemorySize() || vcores > maximum.getVirtualCores()) {
      throw new JobFailedException("a worker asks for " + memoryMb + " MB and " + vcores
          + " vcores but the cluster's largest container is " + maximum.getMemorySize() + " MB and "
          + maximum.getVirtualCores() + " vcores (--worker-memory, --worker-vcores)");
    }
    Resource cpu = Resource.newInstance(memoryMb, vcores);
    Resource gpu = Resource.newInstance(memoryMb, vcores);
    if (pools.gpu() > 0 && clusterHasGpus) {
      long most = maximum.getResourceValue(GPU_RESOURCE);
      if (pools.gpusPerWorker() > most) {
        throw new JobFailedException("a GPU worker asks for " + pools.gpusPerWorker() + " " + GPU_RESOURCE
            + " but the cluster's largest container has " + most + " (--gpus-per-worker)");
      }
      gpu.setResourceValue(GPU_RESOURCE, pools.gpusPerWorker());
    }
    return new WorkerAsks(pools, cpu, gpu, nodes);
  }

  ContainerRequest ask(int slot) {
    if (pools.isGpu(slot)) {
      // A node-label expression goes with no node or rack names (the AMRM client refuses both together).
      return new ContainerRequest(gpuCapability, null, null, GPU_WORKERS, true, pools.label());
    }
    String[] preferred = nodes.of(slot);
    return new ContainerRequest(cpuCapability, preferred.length == 0 ? null : preferred, null, CPU_WORKERS, true);
  }

  /** Whether a container was allocated for a GPU worker's ask (by the ask's priority). */
  static boolean forGpuPool(Priority allocated) { return GPU_WORKERS.equals(allocated); }
}
