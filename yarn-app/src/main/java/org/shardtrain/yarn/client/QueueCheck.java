package org.shardtrain.yarn.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.QueueConfigurations;
import org.apache.hadoop.yarn.api.records.QueueInfo;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.shardtrain.yarn.am.WorkerPools;
import org.shardtrain.yarn.am.YarnResources;

/**
 * Refuses, before submitting, a run its queue can never hold: a queue the scheduler does not have (the
 * ResourceManager would reject the application only after submission, as a cluster failure), or more
 * workers than the queue's share of every running node's memory and vcores together (the requests would
 * wait until the AM's start timeout). Asks that merely have to wait for busy nodes are not refused.
 */
final class QueueCheck {
  /** The default partition's name in a queue's per-partition configurations. */
  private static final String DEFAULT_PARTITION = "";

  private QueueCheck() {}

  /** Null when the queue exists and could hold the run, else the one-line reason; {@code job} holds the run's parameters. */
  static String problem(YarnClient yarn, Configuration job) throws Exception {
    String queue = YarnResources.from(job).queue();
    List<QueueInfo> all = yarn.getAllQueues();
    QueueInfo q = find(all, queue);
    if (q == null) {
      return "--queue " + queue + ": the cluster has no such queue; its queues: " + String.join(", ", leafNames(all));
    }
    return capacityProblem(yarn, job, q);
  }

  private static String capacityProblem(YarnClient yarn, Configuration job, QueueInfo q) throws Exception {
    YarnResources resources = YarnResources.from(job);
    WorkerPools pools = resources.pools();
    int memory = resources.workerMemoryMb();
    int vcores = resources.workerVcores();
    int amMemory = resources.amMemoryMb();
    long clusterMemory = 0;
    long clusterVcores = 0;
    for (NodeReport n : yarn.getNodeReports(NodeState.RUNNING)) {
      clusterMemory += n.getCapability().getMemorySize();
      clusterVcores += n.getCapability().getVirtualCores();
    }
    if (clusterMemory == 0) return null; // nodes still registering: nothing to compare with yet
    double share = maximumShare(q);
    long queueMemory = (long) Math.floor(clusterMemory * share);
    long queueVcores = (long) Math.floor(clusterVcores * share);
    long askMemory = (long) pools.total() * memory + amMemory;
    long askVcores = (long) pools.total() * vcores + 1;
    if (askMemory <= queueMemory && askVcores <= queueVcores) return null;
    String workers = pools.gpu() == 0 ? "--workers " + pools.cpu()
        : "--workers " + pools.cpu() + " and --gpu-workers " + pools.gpu();
    return workers + " can never run in queue '" + q.getQueueName() + "': " + pools.total() + " worker"
        + (pools.total() == 1 ? "" : "s") + " of " + memory + " MB and " + vcores + " vcore" + (vcores == 1 ? "" : "s")
        + " plus the ApplicationMaster's " + amMemory + " MB ask " + askMemory + " MB and " + askVcores
        + " vcores, but the queue may have at most " + queueMemory + " MB and " + queueVcores + " vcores ("
        + Math.round(share * 100) + "% of the cluster's " + clusterMemory + " MB and " + clusterVcores
        + " vcores; --workers, --worker-memory, --worker-vcores)";
  }

  /** The queue's absolute maximum capacity in the default partition (1 when the scheduler does not say). */
  private static double maximumShare(QueueInfo q) {
    Map<String, QueueConfigurations> partitions = q.getQueueConfigurations();
    QueueConfigurations p = partitions == null ? null : partitions.get(DEFAULT_PARTITION);
    if (p == null || p.getAbsoluteMaxCapacity() <= 0 || p.getAbsoluteMaxCapacity() > 1) return 1;
    return p.getAbsoluteMaxCapacity();
  }

  /** A queue named by its leaf name ("ml") or its path ("root.ml"), as YARN accepts either. */
  private static QueueInfo find(List<QueueInfo> queues, String name) {
    for (QueueInfo q : queues) {
      if (name.equals(q.getQueueName()) || name.equals(q.getQueuePath())) return q;
    }
    return null;
  }

  /** The queues an application may be submitted to: those without child queues. */
  private static List<String> leafNames(List<QueueInfo> queues) {
    List<String> names = new ArrayList<>();
    for (QueueInfo q : queues) {
      if (q.getChildQueues() == null || q.getChildQueues().isEmpty()) names.add(q.getQueueName());
    }
    names.sort(null);
    return names;
  }
}
