package org.shardtrain.yarn.client;

import java.io.File;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code shardtrain cluster start} runs this in the background: an {@link EmbeddedCluster} that stays up
 * until the process is stopped, and a configuration directory ({@code <dir>/conf}) that later commands
 * use through {@code HADOOP_CONF_DIR}. The file {@code <dir>/conf/READY} appears once the cluster is up.
 */
public final class ClusterService {
  private ClusterService() {}

  public static void main(String[] args) throws Exception {
    File dir = new File(args.length > 0 ? args[0] : System.getProperty("user.home") + "/.shardtrain/cluster");
    int nodeManagers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    File confDir = new File(dir, "conf");
    Files.createDirectories(confDir.toPath());
    new File(confDir, "READY").delete();
    EmbeddedCluster cluster;
    try {
      cluster = EmbeddedCluster.start(new File(dir, "data"), nodeManagers);
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1); // the mini clusters' threads would keep a failed JVM alive
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      new File(confDir, "READY").delete();
      cluster.close();
    }));
    Configuration conf = cluster.clientConf();
    // The whole client configuration in both files: plain Configuration reads core-site.xml, YARN clients
    // yarn-site.xml; either sees the embedded HDFS and ResourceManager.
    for (String name : new String[] {"core-site.xml", "yarn-site.xml"}) {
      File tmp = new File(confDir, name + ".tmp");
      try (OutputStream out = new FileOutputStream(tmp)) {
        conf.writeXml(out);
      }
      Files.move(tmp.toPath(), new File(confDir, name).toPath(), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    }
    Files.writeString(new File(confDir, "READY").toPath(), "hdfs " + conf.get("fs.defaultFS") + "\nresourcemanager "
        + conf.get("yarn.resourcemanager.address") + "\nresourcemanager web http://"
        + conf.get("yarn.resourcemanager.webapp.address") + "\nnamenode web http://" + cluster.nameNodeWebAddress()
        + "\nnamenode counters http://" + cluster.nameNodeWebAddress()
        + "/jmx?qry=Hadoop:service=NameNode,name=NameNodeActivity (CreateFileOps, FilesDeleted, GetBlockLocations)\n");
    System.out.println("shardtrain cluster: up; HDFS " + conf.get("fs.defaultFS") + ", ResourceManager "
        + conf.get("yarn.resourcemanager.address"));
    Thread.currentThread().join(); // until stopped
  }
}
