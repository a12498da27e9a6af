package org.shardtrain.yarn.am;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node labels of the cluster's nodes, read once from the ResourceManager when the workers are asked
 * for, so that metrics.json can say where each worker's container landed ({@code node_labels}).
 */
final class NodeLabels {
  private static final Logger LOG = LoggerFactory.getLogger(NodeLabels.class);
  private final Configuration conf;
  private final Map<String, List<String>> byNode = new HashMap<>();

  NodeLabels(Configuration conf) { this.conf = conf; }

  synchronized void refresh() {
    YarnClient yarn = YarnClient.createYarnClient();
    try {
      yarn.init(AmConfs.informationalRmQueries(conf));
      yarn.start();
      for (Map.Entry<NodeId, Set<String>> e : yarn.getNodeToLabels().entrySet()) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(e.getValue()));
        byNode.put(e.getKey().toString(), sorted);
        byNode.putIfAbsent(e.getKey().getHost(), sorted);
      }
    } catch (Exception e) {
      LOG.warn("could not read the cluster's node labels: {}", e.toString());
    } finally {
      yarn.stop();
    }
  }

  /** The labels of {@code node} (empty for an unlabelled node: the default partition). */
  synchronized List<String> of(NodeId node) {
    List<String> l = byNode.get(node.toString());
    return l != null ? l : List.of();
  }
}
