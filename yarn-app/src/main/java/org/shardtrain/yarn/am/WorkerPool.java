package org.shardtrain.yarn.am;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterResponse;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.UpdatedContainer;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.NMClient;
import org.apache.hadoop.yarn.client.api.async.AMRMClientAsync;
import org.apache.hadoop.yarn.util.resource.ResourceUtils;
import org.shardtrain.host.JobFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AM's worker containers: asks the ResourceManager for one container per worker slot (near the slot's
 * shards), launches a worker JVM in each, and tells the {@link Coordinator} when one ends before the run
 * does. Also the AM's heartbeat handler, so YARN sees the run's progress.
 */
final class WorkerPool extends AMRMClientAsync.AbstractCallbackHandler {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
  /**
   * The pools ask at different priorities: requests of one priority and capability are one bag to the
   * ResourceManager, and a GPU ask at the CPU workers' priority would overwrite theirs (YARN-7631).
   */
  static final Priority CPU_WORKERS = Priority.newInstance(1);
  static final Priority GPU_WORKERS = Priority.newInstance(2);
  static final String GPU_RESOURCE = "yarn.io/gpu";

  /** How a worker container is launched: everything but its slot. */
  record LaunchSpec(String program, String amHost, int amPort, Map<String, LocalResource> resources,
                    String classpath, Credentials credentials, int memoryMb, int vcores, int maxFailures,
                    WorkerPools pools) {}

  private final Coordinator coordinator;
  private volatile ShardPlan plan;
  private final RunStatus status;
  private final LaunchSpec spec;
  private final AMRMClientAsync<ContainerRequest> amrm;
  private final NMClient nm;
  private final ContainerRequest[] requests;
  private final Map<ContainerId, Integer> slotOf = new HashMap<>();
  private final Map<ContainerId, String> nodeOf = new HashMap<>();
  private final int[] failures;
  private final Map<String, Integer> nodeFailures = new HashMap<>();
  private Resource cpuCapability;
  private Resource gpuCapability;
  private final NodeLabels labels;
  private volatile String fatal;

  /** A pool whose plan is set by {@link #usePlan} before {@link #requestWorkers}. */
  WorkerPool(Configuration conf, Coordinator coordinator, RunStatus status, LaunchSpec spec) {
    this.labels = new NodeLabels(conf);
    this.coordinator = coordinator;
    this.status = status;
    this.spec = spec;
    this.requests = new ContainerRequest[spec.pools().total()];
    this.failures = new int[spec.pools().total()];
    this.amrm = AMRMClientAsync.createAMRMClientAsync(200, this);
    amrm.init(conf);
    amrm.start();
    this.nm = NMClient.createNMClient();
    nm.init(conf);
    nm.start();
  }

  RegisterApplicationMasterResponse register(String host, int port, String trackingUrl) throws Exception {
    return amrm.registerApplicationMaster(host, port, trackingUrl);
  }

  /** The plan the workers load (dealt by their measured throughput once they registered). */
  void usePlan(ShardPlan plan) { this.plan = plan; }

  /**
   * Asks for every worker's container; refuses up front what no node could ever give. The GPU pool asks
   * with the node-label expression and, where the cluster declares yarn.io/gpu, for that many GPUs.
   */
  void requestWorkers(RegisterApplicationMasterResponse registration) throws JobFailedException {
    // The resource types were set from the staged configuration at start (AppMaster); distributedshell's
    // reinitializeResources here raced with the heartbeat thread's requests. Only a staged list that lacks
    // the GPU the RM declares is corrected, before the first request exists.
    if (spec.pools().gpu() > 0 && declaresGpus(registration) && !knowsGpus()) {
      ResourceUtils.reinitializeResources(registration.getResourceTypes());
    }
    Resource maximum = registration.getMaximumResourceCapability();
    if (spec.memoryMb() > maximum.getMemorySize() || spec.vcores() > maximum.getVirtualCores()) {
      throw new JobFailedException("a worker asks for " + spec.memoryMb() + " MB and " + spec.vcores()
          + " vcores but the cluster's largest container is " + maximum.getMemorySize() + " MB and "
          + maximum.getVirtualCores() + " vcores (--worker-memory, --worker-vcores)");
    }
    cpuCapability = Resource.newInstance(spec.memoryMb(), spec.vcores());
    gpuCapability = Resource.newInstance(spec.memoryMb(), spec.vcores());
    if (spec.pools().gpu() > 0 && declaresGpus(registration)) {
      long most = maximum.getResourceValue(GPU_RESOURCE);
      if (spec.pools().gpusPerWorker() > most) {
        throw new JobFailedException("a GPU worker asks for " + spec.pools().gpusPerWorker() + " " + GPU_RESOURCE
            + " but the cluster's largest container has " + most + " (--gpus-per-worker)");
      }
      gpuCapability.setResourceValue(GPU_RESOURCE, spec.pools().gpusPerWorker());
    }
    labels.refresh();
    for (int slot = 0; slot < requests.length; slot++) request(slot);
  }

  private static boolean knowsGpus() {
    return ResourceUtils.getResourceTypes().containsKey(GPU_RESOURCE);
  }

  private static boolean declaresGpus(RegisterApplicationMasterResponse registration) {
    return registration.getResourceTypes().stream().anyMatch(t -> t.getName().equals(GPU_RESOURCE));
  }

  private synchronized void request(int slot) {
    if (spec.pools().isGpu(slot)) {
      // A node-label expression goes with no node or rack names (the AMRM client refuses both together).
      requests[slot] = new ContainerRequest(gpuCapability, null, null, GPU_WORKERS, true, spec.pools().label());
    } else {
      String[] nodes = plan.preferredNodes(slot);
      requests[slot] = new ContainerRequest(cpuCapability, nodes.length == 0 ? null : nodes, null, CPU_WORKERS, true);
    }
    amrm.addContainerRequest(requests[slot]);
  }

  @Override
  public void onContainersAllocated(List<Container> containers) {
    for (Container c : containers) {
      int slot = pickSlot(c.getNodeId().getHost(), GPU_WORKERS.equals(c.getPriority()));
      if (slot < 0) {
        amrm.releaseAssignedContainer(c.getId());
        continue;
      }
      synchronized (this) {
        slotOf.put(c.getId(), slot);
        nodeOf.put(c.getId(), c.getNodeId().getHost());
      }
      coordinator.slot(slot).allocated(c.getNodeId().toString(), labels.of(c.getNodeId()), gpusOf(c.getResource()));
      try {
        nm.startContainer(c, launchContext(slot));
        LOG.info("worker {} runs in {} on {}", slot, c.getId(), c.getNodeId());
      } catch (Exception e) {
        coordinator.workerLost(slot, "could not start container " + c.getId() + ": " + e.getMessage());
      }
    }
  }

  private static long gpusOf(Resource r) {
    try {
      return r.getResourceValue(GPU_RESOURCE);
    } catch (RuntimeException e) { // the cluster does not declare the resource
      return 0;
    }
  }

  /** The unfilled slot of the container's pool with the most of its bytes on {@code host} (the lowest on a tie). */
  private synchronized int pickSlot(String host, boolean gpuPool) {
    int best = -1;
    long bestBytes = -1;
    for (int s = 0; s < requests.length; s++) {
      if (requests[s] == null || spec.pools().isGpu(s) != gpuPool) continue;
      long local = plan.localBytes(s, host);
      if (local > bestBytes) {
        best = s;
        bestBytes = local;
      }
    }
    if (best >= 0) {
      amrm.removeContainerRequest(requests[best]);
      requests[best] = null;
    }
    return best;
  }

  private ContainerLaunchContext launchContext(int slot) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ApplicationConstants.Environment.JAVA_HOME.$$() + "/bin/java");
    command.add("-Xmx" + Math.max(64, spec.memoryMb() * 8 / 10) + "m");
    command.add("-Dlog4j.configuration=shardtrain-container-log4j.properties");
    command.add("--add-modules=jdk.incubator.vector"); // the CPU kernels' SIMD path (docs/design.md, "Kernels")
    command.add("org.shardtrain.yarn.worker.WorkerMain");
    command.add(spec.program());
    command.add(spec.amHost());
    command.add(Integer.toString(spec.amPort()));
    command.add(Integer.toString(slot));
    command.add(spec.pools().poolOf(slot));
    command.add("1>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stdout");
    command.add("2>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stderr");
    DataOutputBuffer tokens = new DataOutputBuffer();
    spec.credentials().writeTokenStorageToStream(tokens);
    return ContainerLaunchContext.newInstance(spec.resources(), Map.of("CLASSPATH", spec.classpath()),
        List.of(String.join(" ", command)), null, ByteBuffer.wrap(tokens.getData(), 0, tokens.getLength()), null);
  }

  @Override
  public void onContainersCompleted(List<ContainerStatus> statuses) {
    for (ContainerStatus s : statuses) {
      Integer slot = slotFor(s.getContainerId());
      if (slot == null || coordinator.isStopping()) continue; // a surplus container we released, or the end
      String why = "container " + s.getContainerId() + " exited with status " + s.getExitStatus()
          + (s.getDiagnostics() == null || s.getDiagnostics().isBlank() ? "" : ": " + s.getDiagnostics().trim().split("\n")[0]);
      LOG.warn("worker {}: {}", slot, why);
      replaceOrFail(slot, nodeFor(s.getContainerId()), why);
    }
  }

  /**
   * A worker's container ended during the run: ask for a replacement (which reloads the slot's shards and
   * redoes the pass in progress), unless the slot has failed --max-worker-failures times. A node that has
   * failed two containers is avoided from then on.
   */
  private synchronized void replaceOrFail(int slot, String node, String why) {
    failures[slot]++;
    if (node != null && nodeFailures.merge(node, 1, Integer::sum) == 2) {
      LOG.warn("avoiding node {}: two worker containers failed there", node);
      amrm.updateBlacklist(List.of(node), null);
    }
    if (failures[slot] > spec.maxFailures()) {
      coordinator.workerLost(slot, why + " (failed " + failures[slot] + " times; --max-worker-failures "
          + spec.maxFailures() + ")");
      return;
    }
    LOG.info("replacing worker {} (failure {} of at most {})", slot, failures[slot], spec.maxFailures());
    coordinator.replacing(slot, why);
    request(slot);
  }

  private synchronized String nodeFor(ContainerId id) { return nodeOf.get(id); }

  private synchronized Integer slotFor(ContainerId id) { return slotOf.get(id); }

  @Override public void onContainersUpdated(List<UpdatedContainer> containers) {}

  @Override
  public void onShutdownRequest() {
    fatal = "the ResourceManager asked the ApplicationMaster to shut down";
    coordinator.workerLost(-1, fatal);
  }

  @Override public void onNodesUpdated(List<NodeReport> updated) {}

  @Override public float getProgress() { return status.progress(); }

  @Override
  public void onError(Throwable e) {
    LOG.error("the ResourceManager client failed", e);
    fatal = "lost contact with the ResourceManager: " + e.getMessage();
    coordinator.workerLost(-1, fatal);
  }

  /** Unregisters with the final status and stops the clients. */
  void finish(boolean succeeded, String diagnostics) {
    try {
      amrm.unregisterApplicationMaster(succeeded ? FinalApplicationStatus.SUCCEEDED : FinalApplicationStatus.FAILED,
          diagnostics, null);
    } catch (Exception e) {
      LOG.error("could not unregister", e);
    }
    nm.stop();
    amrm.stop();
  }
}
