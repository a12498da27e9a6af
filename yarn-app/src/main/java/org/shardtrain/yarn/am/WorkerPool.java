package org.shardtrain.yarn.am;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterResponse;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.NodeReport;
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
 * The AM's worker containers, as the ResourceManager's callbacks drive them: asks for one container per
 * worker slot ({@link WorkerAsks}), gives each allocated container a slot ({@link SlotPlacement}) and
 * launches a worker JVM in it ({@link WorkerLaunch}), and when one ends before the run does, replaces it or
 * fails the run ({@link WorkerFailures}), telling the {@link Coordinator}. Also the AM's heartbeat handler,
 * so YARN sees the run's progress.
 */
final class WorkerPool extends AMRMClientAsync.AbstractCallbackHandler {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

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
  private final SlotPlacement placement;
  private final WorkerFailures failures;
  private final WorkerLaunch launch;
  private WorkerAsks asks;
  private final NodeLabels labels;
  private volatile String fatal;

  /** A pool whose plan is set by {@link #usePlan} before {@link #requestWorkers}. */
  WorkerPool(Configuration conf, Coordinator coordinator, RunStatus status, LaunchSpec spec) {
    this.labels = new NodeLabels(conf);
    this.coordinator = coordinator;
    this.status = status;
    this.spec = spec;
    this.requests = new ContainerRequest[spec.pools().total()];
    this.placement = new SlotPlacement(spec.pools(), (slot, host) -> plan.localBytes(slot, host));
    this.failures = new WorkerFailures(spec.pools().total(), spec.maxFailures());
    this.launch = new WorkerLaunch(spec);
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
    asks = WorkerAsks.forCluster(spec.pools(), spec.memoryMb(), spec.vcores(), maximum, declaresGpus(registration),
        slot -> plan.preferredNodes(slot));
    labels.refresh();
    for (int slot = 0; slot < requests.length; slot++) request(slot);
  }

  private static boolean knowsGpus() {
    return ResourceUtils.getResourceTypes().containsKey(WorkerAsks.GPU_RESOURCE);
  }

  private static boolean declaresGpus(RegisterApplicationMasterResponse registration) {
    return registration.getResourceTypes().stream().anyMatch(t -> t.getName().equals(WorkerAsks.GPU_RESOURCE));
  }

  private synchronized void request(int slot) {
    requests[slot] = asks.ask(slot);
    placement.asked(slot);
    amrm.addContainerRequest(requests[slot]);
  }

  @Override
  public void onContainersAllocated(List<Container> containers) {
    for (Container c : containers) {
      int slot = fill(c.getNodeId().getHost(), WorkerAsks.forGpuPool(c.getPriority()));
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
        nm.startContainer(c, launch.context(slot));
        LOG.info("worker {} runs in {} on {}", slot, c.getId(), c.getNodeId());
      } catch (Exception e) {
        coordinator.workerLost(slot, "could not start container " + c.getId() + ": " + e.getMessage());
      }
    }
  }

  /** The slot the container fills, its ask withdrawn (the RM would otherwise allocate another); -1: surplus. */
  private synchronized int fill(String host, boolean gpuPool) {
    int slot = placement.place(host, gpuPool);
    if (slot >= 0) {
      amrm.removeContainerRequest(requests[slot]);
      requests[slot] = null;
    }
    return slot;
  }

  private static long gpusOf(Resource r) {
    try {
      return r.getResourceValue(WorkerAsks.GPU_RESOURCE);
    } catch (RuntimeException e) { // the cluster does not declare the resource
      return 0;
    }
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
   * redoes the pass in progress), or fail the run, as {@link WorkerFailures} decides.
   */
  private synchronized void replaceOrFail(int slot, String node, String why) {
    WorkerFailures.Decision d = failures.failed(slot, node, why);
    if (d.blacklist() != null) {
      LOG.warn("avoiding node {}: two worker containers failed there", d.blacklist());
      amrm.updateBlacklist(List.of(d.blacklist()), null);
    }
    if (!d.replace()) {
      coordinator.workerLost(slot, d.reason());
      return;
    }
    LOG.info("replacing worker {} (failure {} of at most {})", slot, d.failures(), failures.maxFailures());
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
