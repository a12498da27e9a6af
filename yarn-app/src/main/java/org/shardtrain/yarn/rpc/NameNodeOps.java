package org.shardtrain.yarn.rpc;

import org.apache.hadoop.fs.GlobalStorageStatistics;
import org.apache.hadoop.fs.StorageStatistics;

/**
 * What this process has asked of the NameNode so far — files created, opened and deleted — from the HDFS
 * client's own operation counters ({@code DFSOpsCountStatistics}, kept per JVM by every
 * {@code DistributedFileSystem}). Workers report theirs with every pass and the AM adds its own, so a run's
 * metrics can show the NameNode load the operator sees in {@code NameNodeActivity} ({@code CreateFileOps}...).
 * Zeros where no HDFS client ran (the local filesystem).
 */
public record NameNodeOps(long created, long opened, long deleted) {
  public static final NameNodeOps NONE = new NameNodeOps(0, 0, 0);

  public static NameNodeOps ofThisProcess() {
    StorageStatistics s = GlobalStorageStatistics.INSTANCE.get("DFSOpsCountStatistics");
    if (s == null) return NONE;
    return new NameNodeOps(count(s, "op_create") + count(s, "op_create_non_recursive"), count(s, "op_open"),
        count(s, "op_delete"));
  }

  private static long count(StorageStatistics s, String key) {
    Long v = s.getLong(key);
    return v == null ? 0 : v;
  }

  public NameNodeOps plus(NameNodeOps o) { return new NameNodeOps(created + o.created, opened + o.opened, deleted + o.deleted); }

  public NameNodeOps minus(NameNodeOps o) { return new NameNodeOps(created - o.created, opened - o.opened, deleted - o.deleted); }
}
