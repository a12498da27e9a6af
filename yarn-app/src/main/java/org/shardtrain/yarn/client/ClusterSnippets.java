package org.shardtrain.yarn.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.client.cli.RMAdminCLI;

/**
 * The operator's snippets of conf/cluster (packaged in the job jar under {@code shardtrain/cluster/}) applied
 * to an embedded cluster: the RM's yarn-site.xml and capacity-scheduler.xml properties, then the admin
 * commands of conf/cluster/README.md ({@code -addToClusterNodeLabels}, {@code -replaceLabelsOnNode}) run
 * against it. So the files operators copy are the files the tests run on.
 */
public final class ClusterSnippets {
  /** The node label of GPU nodes. */
  public static final String GPU_LABEL = "gpu";
  static final List<String> RM_FILES = List.of("yarn-site.xml", "capacity-scheduler.xml");

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
  }

  /** Runs the README's label commands against the cluster {@code admin} points at: the first node gets "gpu". */
  public static void labelGpuNode(Configuration admin, NodeId node) throws Exception {
    // A restarted embedded cluster keeps its label store (under hadoop.tmp.dir): add the label once.
    org.apache.hadoop.yarn.client.api.YarnClient yarn = org.apache.hadoop.yarn.client.api.YarnClient.createYarnClient();
    boolean exists;
    try {
      yarn.init(admin);
      yarn.start();
      exists = yarn.getClusterNodeLabels().stream().anyMatch(l -> l.getName().equals(GPU_LABEL));
    } finally {
      yarn.stop();
    }
    if (!exists) rmadmin(admin, "-addToClusterNodeLabels", GPU_LABEL + "(exclusive=false)");
    rmadmin(admin, "-replaceLabelsOnNode", node.getHost() + ":" + node.getPort() + "=" + GPU_LABEL);
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
