package org.shardtrain.yarn.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.client.cli.RMAdminCLI;
import org.apache.hadoop.yarn.util.resource.ResourceUtils;

/**
 * The operator's snippets of conf/cluster (packaged in the job jar under {@code shardtrain/cluster/}) applied
 * to an embedded cluster: the RM's yarn-site.xml and capacity-scheduler.xml properties, then the admin
 * commands of conf/cluster/README.md ({@code -addToClusterNodeLabels}, {@code -replaceLabelsOnNode}) run
 * against it. So the files operators copy are the files the tests run on.
 */
public final class ClusterSnippets {
  /** The node label of GPU nodes. */
  public static final String GPU_LABEL = "gpu";
  /** GPUs the embedded cluster's labelled node declares (yarn.io/gpu), so the GPU pool's placement path runs everywhere. */
  public static final int EMBEDDED_GPUS = 2;
  static final List<String> RM_FILES = List.of("yarn-site.xml", "capacity-scheduler.xml", "resource-types.xml");

  private ClusterSnippets() {}

  /** Sets every property of the RM snippets on {@code conf} (as overrides: above any *-site.xml found on the classpath). */
  public static void apply(Configuration conf) throws IOException {
    for (String name : RM_FILES) {
      URL url = ClusterSnippets.class.getResource("/shardtrain/cluster/" + name);
      if (url == null) throw new IOException("conf/cluster/" + name + " is not packaged (shardtrain/cluster/" + name + ")");
      Configuration snippet = new Configuration(false);
      try (InputStream in = url.openStream()) {
        snippet.addResource(in, url.toString());
        snippet.forEach(e -> { }); // load now, while the stream is open
      }
      for (var e : snippet) conf.set(e.getKey(), snippet.get(e.getKey())); // get() expands ${hadoop.tmp.dir}
    }
    // Resource types are a process-wide table: the RM and NMs of an in-process cluster read it from here.
    ResourceUtils.resetResourceTypes(conf);
  }

  /**
   * Runs the README's commands against the cluster {@code admin} points at: {@code node} gets the label
   * "gpu" and declares {@value #EMBEDDED_GPUS} yarn.io/gpu ({@code -updateNodeResource}, the RM's dynamic
   * node resources: an in-process NodeManager has no GPU plugin to discover any).
   */
  public static void labelGpuNode(Configuration admin, NodeId node) throws Exception {
    // A restarted embedded cluster keeps its label store (under hadoop.tmp.dir): add the label once.
    org.apache.hadoop.yarn.client.api.YarnClient yarn = org.apache.hadoop.yarn.client.api.YarnClient.createYarnClient();
    boolean exists;
    org.apache.hadoop.yarn.api.records.Resource capability = null;
    try {
      yarn.init(admin);
      yarn.start();
      exists = yarn.getClusterNodeLabels().stream().anyMatch(l -> l.getName().equals(GPU_LABEL));
      for (var r : yarn.getNodeReports()) if (r.getNodeId().equals(node)) capability = r.getCapability();
    } finally {
      yarn.stop();
    }
    if (capability == null) throw new IOException("node " + node + " is not registered with the ResourceManager");
    if (!exists) rmadmin(admin, "-addToClusterNodeLabels", GPU_LABEL + "(exclusive=false)");
    rmadmin(admin, "-replaceLabelsOnNode", node.getHost() + ":" + node.getPort() + "=" + GPU_LABEL);
    rmadmin(admin, "-updateNodeResource", node.toString(), "memory-mb=" + capability.getMemorySize() + "Mi,vcores="
        + capability.getVirtualCores() + ",yarn.io/gpu=" + EMBEDDED_GPUS);
  }

  private static void rmadmin(Configuration conf, String... args) throws Exception {
    java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
    RMAdminCLI cli = new RMAdminCLI(new Configuration(conf)) {
      { setErrOut(new java.io.PrintStream(errors, true, java.nio.charset.StandardCharsets.UTF_8)); }
    };
    int code = cli.run(args);
    if (code != 0) {
      throw new IOException("yarn rmadmin " + String.join(" ", args) + " failed (" + code + "): "
          + errors.toString(java.nio.charset.StandardCharsets.UTF_8).trim());
    }
  }
}
