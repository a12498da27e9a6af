package org.shardtrain.yarn.client;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.QueueConfigurations;
import org.apache.hadoop.yarn.api.records.QueueInfo;
import org.apache.hadoop.yarn.api.records.ResourceInformation;
import org.apache.hadoop.yarn.api.records.ResourceTypeInfo;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.shardtrain.yarn.am.WorkerPools;
import org.shardtrain.yarn.am.YarnResources;

/**
 * Refuses, before submitting, a worker pool no node of the cluster could ever hold: a GPU pool whose label
 * no running node carries, or that the queue may not use, or that asks for more yarn.io/gpu, memory or
 * vcores than the best labelled node has. Otherwise the requests would wait forever (the hang TonY users
 * know); here they fail at once with what to change.
 */
final class GpuPoolCheck {
  static final String GPU_RESOURCE = "yarn.io/gpu";

  private GpuPoolCheck() {}

  /** Null when the pools can be placed, else the one-line reason; {@code job} holds the run's parameters. */
  static String problem(YarnClient yarn, Configuration job) throws Exception {
    YarnResources resources = YarnResources.from(job);
    WorkerPools pools = resources.pools();
    int gpu = pools.gpu();
    if (pools.total() == 0) return "no workers: --workers 0 needs --gpu-workers 1 or more";
    if (gpu == 0) return null;
    String label = pools.label();
    int gpusPerWorker = pools.gpusPerWorker();
    int memory = resources.workerMemoryMb();
    int vcores = resources.workerVcores();
    String queue = resources.queue();

    boolean known = yarn.getClusterNodeLabels().stream().anyMatch(l -> l.getName().equals(label));
    if (!known) {
      return "--gpu-workers " + gpu + ": the cluster has no node label '" + label + "' (yarn cluster "
          + "--list-node-labels; conf/cluster/README.md shows how to add it, or pass --gpu-label)";
    }
    Set<NodeId> labelled = yarn.getLabelsToNodes(Set.of(label)).getOrDefault(label, Set.of());
    List<NodeReport> running = yarn.getNodeReports(NodeState.RUNNING).stream()
        .filter(n -> labelled.contains(n.getNodeId())).toList();
    if (running.isEmpty()) {
      return "--gpu-workers " + gpu + ": no running node carries the label '" + label + "'";
    }
    QueueInfo q = yarn.getQueueInfo(queue);
    Set<String> accessible = q == null || q.getAccessibleNodeLabels() == null ? Set.of() : q.getAccessibleNodeLabels();
    if (!accessible.contains(label) && !accessible.contains("*")) {
      return "--gpu-workers " + gpu + ": queue '" + queue + "' may not use nodes labelled '" + label + "' (its "
          + "accessible labels: " + (accessible.isEmpty() ? "none" : String.join(", ", accessible)) + "; use --queue "
          + "with a queue that may, e.g. ml in conf/cluster/capacity-scheduler.xml)";
    }
    // A queue may inherit "*" and still have no capacity in the partition: its requests would wait forever.
    Map<String, QueueConfigurations> partitions = q.getQueueConfigurations();
    if (partitions != null && !partitions.isEmpty()) {
      QueueConfigurations p = partitions.get(label);
      if (p == null || p.getAbsoluteMaxCapacity() <= 0) {
        return "--gpu-workers " + gpu + ": queue '" + queue + "' has no capacity on nodes labelled '" + label
            + "' (yarn.scheduler.capacity.<queue>.accessible-node-labels." + label + ".capacity); use --queue with a "
            + "queue that has, e.g. ml in conf/cluster/capacity-scheduler.xml";
      }
    }
    boolean declared = false;
    for (ResourceTypeInfo t : yarn.getResourceTypeInfo()) declared |= t.getName().equals(GPU_RESOURCE);
    long bestGpus = 0;
    long bestMemory = 0;
    int bestVcores = 0;
    for (NodeReport n : running) {
      if (declared) bestGpus = Math.max(bestGpus, gpus(n));
      bestMemory = Math.max(bestMemory, n.getCapability().getMemorySize());
      bestVcores = Math.max(bestVcores, n.getCapability().getVirtualCores());
    }
    if (declared && gpusPerWorker > bestGpus) {
      return "--gpus-per-worker " + gpusPerWorker + ": the best node labelled '" + label + "' has " + bestGpus
          + " " + GPU_RESOURCE + " (" + running.size() + " such node" + (running.size() == 1 ? "" : "s") + " running)";
    }
    if (memory > bestMemory || vcores > bestVcores) {
      return "a GPU worker asks for " + memory + " MB and " + vcores + " vcores but the best node labelled '" + label
          + "' has " + bestMemory + " MB and " + bestVcores + " vcores (--worker-memory, --worker-vcores)";
    }
    return null;
  }

  /**
   * The node's yarn.io/gpu, found by name among its resources: asking by name through ResourceUtils would
   * need this JVM's resource-type table reset, which an embedded cluster in this JVM shares with its RM.
   */
  private static long gpus(NodeReport n) {
    for (ResourceInformation r : n.getCapability().getResources()) {
      if (r.getName().equals(GPU_RESOURCE)) return r.getValue();
    }
    return 0;
  }
}
