package org.shardtrain.yarn.client;

import java.io.File;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.util.ExitUtil;
import org.apache.hadoop.yarn.event.AsyncDispatcher;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * A single-machine HDFS + YARN in this process (Hadoop's mini clusters), for {@code --engine yarn} with no
 * cluster configured and for {@code shardtrain cluster start}. Containers are still separate JVMs.
 */
public final class EmbeddedCluster implements AutoCloseable {
  private final MiniDFSCluster dfs;
  private final MiniYARNCluster yarn;
  private final String hdfsUri;
  private final int nodeManagers;

  private EmbeddedCluster(MiniDFSCluster dfs, MiniYARNCluster yarn, String hdfsUri, int nodeManagers) {
    this.nodeManagers = nodeManagers;
    this.dfs = dfs;
    this.yarn = yarn;
    this.hdfsUri = hdfsUri;
  }

  /** Whether {@code conf} names a ResourceManager (a yarn-site.xml from HADOOP_CONF_DIR, or -D). */
  public static boolean configured(Configuration conf) {
    String host = conf.getTrimmed(YarnConfiguration.RM_HOSTNAME, "0.0.0.0");
    String address = conf.getTrimmed(YarnConfiguration.RM_ADDRESS, YarnConfiguration.DEFAULT_RM_ADDRESS);
    return !host.equals("0.0.0.0") || !address.startsWith("0.0.0.0");
  }

  /**
   * Starts HDFS and YARN with at least two NodeManagers: the first carries the {@code gpu} label and two
   * yarn.io/gpu (conf/cluster), and the ApplicationMaster needs an unlabelled one — the scheduler does not
   * place AM containers on a non-exclusive labelled partition for applications that do not ask for it.
   */
  public static EmbeddedCluster start(File base, int nodeManagers) throws IOException {
    nodeManagers = Math.max(2, nodeManagers);
    // The mini clusters put their working directories under test.build.data (default: ./target/test/data).
    System.setProperty("test.build.data", new File(base, "work").getAbsolutePath());
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(base, "dfs").getAbsolutePath());
    MiniDFSCluster dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    dfs.waitClusterUp();
    String hdfsUri = dfs.getFileSystem().getUri().toString();
    YarnConfiguration yc = new YarnConfiguration(dfs.getConfiguration(0));
    yc.set("fs.defaultFS", hdfsUri);
    yc.set("hadoop.tmp.dir", new File(base, "tmp").getAbsolutePath());
    yc.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
    yc.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
    long memoryMb = Math.max(4096, Runtime.getRuntime().maxMemory() / (1 << 20));
    yc.setInt(YarnConfiguration.NM_PMEM_MB, (int) Math.min(16384, memoryMb * 2));
    // Vcores are scheduling tokens here (no cgroups): enough that 8 one-vcore workers and the AM fit the default
    // partition's one node (issue 20's sweep runs W = 1, 2, 4, 8); the CPUs are shared whatever the count.
    yc.setInt(YarnConfiguration.NM_VCORES, Math.max(12, Runtime.getRuntime().availableProcessors() * 2));
    yc.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
    yc.setInt(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 100);
    ClusterSnippets.apply(yc); // conf/cluster: queues, node labels, AM attempts
    shareGpuPartition(yc);
    MiniYARNCluster yarn = new MiniYARNCluster("shardtrain", nodeManagers, 1, 1);
    yarn.init(yc);
    yarn.start();
    EmbeddedCluster cluster = new EmbeddedCluster(dfs, yarn, hdfsUri, nodeManagers);
    try {
      ClusterSnippets.labelGpuNode(cluster.clientConf(), yarn.getNodeManager(0).getNMContext().getNodeId());
    } catch (Exception e) {
      cluster.close();
      throw new IOException("could not label the embedded cluster's node: " + e.getMessage(), e);
    }
    return cluster;
  }

  /**
   * An embedded cluster has one user: its default queue may use the gpu partition as well as "ml" (half
   * each, either up to all of it), so {@code --gpu-workers} works without {@code --queue}. Operators'
   * clusters keep conf/cluster's split, where only "ml" may.
   */
  static void shareGpuPartition(Configuration conf) {
    String prefix = "yarn.scheduler.capacity.root.";
    String label = ClusterSnippets.GPU_LABEL;
    for (String queue : new String[] {"default", "ml"}) {
      // One user: let it fill its queue up to the maximum capacity, not only the queue's 50 % guarantee
      // (user-limit-factor 1, the default, held a single run to half the node).
      conf.set(prefix + queue + ".user-limit-factor", "2");
      conf.set(prefix + queue + ".accessible-node-labels", label);
      conf.set(prefix + queue + ".accessible-node-labels." + label + ".capacity", "50");
      conf.set(prefix + queue + ".accessible-node-labels." + label + ".maximum-capacity", "100");
    }
  }

  /**
   * The NameNode's web address (host:port): operators read its {@code /jmx} counters, e.g.
   * {@code NameNodeActivity}'s {@code CreateFileOps}, to see what a run costs the NameNode.
   */
  public String nameNodeWebAddress() {
    java.net.InetSocketAddress a = dfs.getNameNode().getHttpAddress();
    return a.getHostString() + ":" + a.getPort();
  }

  /** A client configuration: the embedded HDFS as default filesystem, its ResourceManager for YARN. */
  public Configuration clientConf() {
    Configuration conf = new Configuration(yarn.getConfig());
    conf.set("fs.defaultFS", hdfsUri);
    return conf;
  }

  @Override
  public void close() {
    keepDaemonErrorsFromExiting();
    try {
      yarn.stop();
    } finally {
      dfs.shutdown();
    }
  }

  /**
   * The ResourceManager and NodeManagers make their event dispatchers end the JVM on an error (System.exit(-1)
   * from a thread of their own; elsewhere ExitUtil.terminate). During teardown, work still queued (a node-label
   * store write, when a run is refused right after start) can fail once what it uses is closed, and the
   * launcher then exited 255 instead of the program's code. A cluster inside the user's process must not decide
   * its exit code: both are turned off before stopping.
   */
  private void keepDaemonErrorsFromExiting() {
    ExitUtil.disableSystemExit();
    ExitUtil.disableSystemHalt();
    var rm = yarn.getResourceManager();
    if (rm != null) {
      noExit(rm.getRMContext().getDispatcher());
      try {
        // The label manager's own dispatcher (a protected field: no accessor) runs the label store's writes.
        java.lang.reflect.Field f = org.apache.hadoop.yarn.nodelabels.CommonNodeLabelsManager.class.getDeclaredField("dispatcher");
        f.setAccessible(true);
        noExit(f.get(rm.getRMContext().getNodeLabelManager()));
      } catch (ReflectiveOperationException | RuntimeException e) {
        // another Hadoop version: ExitUtil above still covers what goes through it
      }
    }
    for (int i = 0; i < nodeManagers; i++) {
      if (yarn.getNodeManager(i) != null) noExit(yarn.getNodeManager(i).getDispatcher());
    }
  }

  private static void noExit(Object dispatcher) {
    if (dispatcher instanceof AsyncDispatcher d) d.disableExitOnDispatchException();
  }
}
