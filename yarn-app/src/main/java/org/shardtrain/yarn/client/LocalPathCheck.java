package org.shardtrain.yarn.client;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.param.Param;
import org.shardtrain.core.param.RunParams;

/**
 * Refuses, before submitting, a path without a scheme that names a local file the default filesystem does
 * not have: once HADOOP_CONF_DIR points at a cluster, {@code data/iris/points.csv} means the cluster's
 * HDFS, and the run would fail only after its containers started. Refused rather than silently copied or
 * qualified as {@code file:}, because a local path is readable by the workers only on a single-machine
 * cluster: the user chooses (docs/design.md, "The YARN client").
 */
final class LocalPathCheck {
  private LocalPathCheck() {}

  /** Null when {@code part} (one path of parameter {@code p}) is fine, else the one-line reason. */
  static String problem(Param<?> p, String part, Configuration conf) throws IOException {
    if (!readsExistingData(p)) return null;
    Path path = new Path(part);
    if (path.toUri().getScheme() != null) return null; // the user named the filesystem
    FileSystem fs = path.getFileSystem(conf);
    if (fs.getUri().getScheme().equals("file") || fs.exists(path)) return null;
    FileSystem local = FileSystem.getLocal(conf);
    if (!local.exists(path)) return null; // missing everywhere: the program's own "does not exist" says so
    return "--" + p.name() + " " + part + " is on the local disk but not on " + fs.getUri() + " (the default "
        + "filesystem, from HADOOP_CONF_DIR): pass file://" + local.makeQualified(path).toUri().getPath() + " (readable by the workers only "
        + "on a single-machine cluster) or copy it to " + fs.getUri();
  }

  /** Outputs need not exist anywhere yet; every other path parameter is data the run reads. */
  private static boolean readsExistingData(Param<?> p) {
    return !p.key().equals(RunParams.OUTPUT.key()) && !p.key().equals(RunParams.CHECKPOINT_DIR.key());
  }
}
