package org.shardtrain.integration;

import java.io.File;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.mapreduce.v2.MiniMRYarnCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * One real in-process HDFS (2 DataNodes) and YARN with the MapReduce framework (2 NodeManagers; task
 * containers are separate JVMs), started once per test JVM and shared by every *IT class: starting them
 * takes longer than most tests (../shared/STACK.md).
 */
public final class MiniClusters {
  private static MiniClusters instance;

  private final MiniDFSCluster dfs;
  private final MiniMRYarnCluster yarn;
  private final String hdfsUri;

  private MiniClusters() throws IOException {
    File base = new File(System.getProperty("test.build.data", "target/test-data"), "mini-clusters");
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(base, "dfs").getAbsolutePath());
    quickBlockCompletion(conf);
    dfs = new MiniDFSCluster.Builder(conf).numDataNodes(2).build();
    dfs.waitClusterUp();
    hdfsUri = dfs.getFileSystem().getUri().toString();

    Configuration yc = new Configuration(dfs.getConfiguration(0));
    yc.set("fs.defaultFS", hdfsUri);
    sizeForTests(yc, base);
    // conf/cluster, as operators apply it: queues default and ml, node labels, AM attempts; then the
    // README's admin commands label the first NodeManager "gpu".
    org.shardtrain.yarn.client.ClusterSnippets.apply(yc);
    yarn = new MiniMRYarnCluster("shardtrain", 2);
    yarn.init(yc);
    yarn.start();
    try {
      org.shardtrain.yarn.client.ClusterSnippets.labelGpuNode(clientConf(), yarn.getNodeManager(0).getNMContext().getNodeId());
    } catch (Exception e) {
      throw new IOException("labelling the mini cluster's node failed", e);
    }
  }

  /**
   * Small containers on a 2-core machine, and heartbeats of 0.1 s: the defaults of 1 s put seconds of
   * waiting into every small job. Shared by every in-process YARN of the suite (SecureClusterIT's too).
   */
  static void sizeForTests(Configuration yc, File base) {
    yc.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
    yc.setInt(YarnConfiguration.NM_PMEM_MB, 4096);
    yc.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
    yc.setInt("yarn.app.mapreduce.am.resource.mb", 512);
    yc.set("yarn.app.mapreduce.am.command-opts", "-Xmx400m");
    yc.setInt("mapreduce.map.memory.mb", 512);
    yc.setInt("mapreduce.reduce.memory.mb", 512);
    yc.set("mapreduce.map.java.opts", "-Xmx400m");
    yc.set("mapreduce.reduce.java.opts", "-Xmx400m");
    yc.set("hadoop.tmp.dir", new File(base, "tmp").getAbsolutePath());
    yc.setInt(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 100);
    yc.setInt("yarn.app.mapreduce.am.scheduler.heartbeat.interval-ms", 100);
    yc.setInt("mapreduce.client.progressmonitor.pollinterval", 100);
    // Short-lived MapReduce AM and task JVMs on a 2-core machine: the C1 compiler only and one GC thread cut
    // the CPU each start takes (admin options, prepended to the jobs' own; as integration/oozie-it's
    // mapred-site.xml). The shardtrain AM and workers are not MapReduce containers and keep the defaults.
    String quickStart = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
    String taskAdminDefault = "-Djava.net.preferIPv4Stack=true -Dhadoop.metrics.log.level=WARN "; // Hadoop's, kept
    yc.set("yarn.app.mapreduce.am.admin-command-opts", quickStart);
    yc.set("mapreduce.admin.map.child.java.opts", taskAdminDefault + quickStart);
    yc.set("mapreduce.admin.reduce.child.java.opts", taskAdminDefault + quickStart);
  }

  /**
   * A client closing an HDFS file asks the NameNode whether its last block is complete and, until a DataNode
   * has reported it, sleeps 0.4 s, then 0.8 s, ... (5 tries), and the suite writes many small files (job and
   * split files, task outputs, _SUCCESS, checkpoints, metrics): 20 of them took 2.1 s, 0.6-1.3 s with this.
   * Here the first sleep is 25 ms and the tries 10, so a close still waits up to 25 s (default: 12 s) for a
   * slow DataNode.
   * In the cluster's configuration, hence in every client's, container's and job's on it.
   */
  static void quickBlockCompletion(Configuration conf) {
    conf.setInt("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", 25);
    conf.setInt("dfs.client.block.write.locateFollowingBlock.retries", 10);
  }

  /** The NodeManager the cluster snippets' commands labelled "gpu". */
  public org.apache.hadoop.yarn.api.records.NodeId gpuNode() {
    return yarn.getNodeManager(0).getNMContext().getNodeId();
  }

  public static synchronized MiniClusters get() throws IOException {
    if (instance == null) instance = new MiniClusters();
    return instance;
  }

  public static synchronized void stopIfStarted() {
    if (instance != null) {
      instance.stop();
      instance = null;
    }
  }

  /** A client configuration for the cluster: HDFS as the default filesystem, jobs on YARN. */
  public Configuration clientConf() {
    Configuration conf = new Configuration(yarn.getConfig());
    conf.set("fs.defaultFS", hdfsUri);
    return conf;
  }

  public FileSystem fs() throws IOException { return dfs.getFileSystem(); }

  private void stop() {
    try {
      yarn.stop();
    } finally {
      dfs.shutdown();
    }
  }
}
