package org.shardtrain.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.NodeLabel;
import org.apache.hadoop.yarn.api.records.QueueInfo;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.testing.Datasets;
import org.shardtrain.host.program.KMeansTool;
import org.shardtrain.mapreduce.testing.LocalRun;

/**
 * conf/cluster on a running cluster: the mini cluster is configured from those files and the README's
 * admin commands were run against it (MiniClusters), so what an operator copies is what is checked here.
 */
class ClusterConfigIT {
  @Test
  void theGpuLabelTheMlQueueAndAmAttemptsAreInPlace() throws Exception {
    MiniClusters cluster = MiniClusters.get();
    Configuration conf = cluster.clientConf();
    YarnClient yarn = YarnClient.createYarnClient();
    yarn.init(conf);
    yarn.start();
    try {
      boolean gpu = false;
      for (NodeLabel l : yarn.getClusterNodeLabels()) {
        if (l.getName().equals("gpu")) {
          gpu = true;
          assertTrue(!l.isExclusive(), "gpu(exclusive=false), as the README's command says");
        }
      }
      assertTrue(gpu, "the gpu label exists: " + yarn.getClusterNodeLabels());
      Map<NodeId, Set<String>> labels = yarn.getNodeToLabels();
      assertEquals(Set.of("gpu"), labels.get(cluster.gpuNode()), labels.toString());
      assertEquals(1, labels.values().stream().filter(s -> s.contains("gpu")).count(), "one labelled node: " + labels);

      QueueInfo ml = yarn.getQueueInfo("ml");
      assertTrue(ml.getAccessibleNodeLabels().contains("gpu"), ml.getAccessibleNodeLabels().toString());
      assertEquals(0.5f, ml.getCapacity(), 1e-6);
      QueueInfo dflt = yarn.getQueueInfo("default");
      assertTrue(!dflt.getAccessibleNodeLabels().contains("gpu"), dflt.getAccessibleNodeLabels().toString());
      assertEquals(4, conf.getInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS, -1));
    } finally {
      yarn.stop();
    }

    // A run on the ml queue, as GPU-pool jobs are submitted.
    ItFiles.shardedCopy(cluster.fs(), Datasets.shipped("iris/points.csv"), "/cluster-config/iris", 2);
    LocalRun.Result r = LocalRun.run(conf, new KMeansTool(), "--engine", "yarn", "--queue", "ml", "--workers", "2",
        "--worker-memory", "512", "--am-memory", "512", "--k", "3", "--format", "csv", "--input", "/cluster-config/iris",
        "--output", "/cluster-config/out");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().contains("(queue ml, 2 CPU workers)"), r.err());
  }
}
