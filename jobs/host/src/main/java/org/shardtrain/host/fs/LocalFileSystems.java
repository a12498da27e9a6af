package org.shardtrain.host.fs;

import org.apache.hadoop.conf.Configuration;

/** Chooses the fork-free local file system ({@link NioRawLocalFileSystem}) for a run's configuration. */
public final class LocalFileSystems {
  public static final String FS_IMPL = "fs.file.impl";
  public static final String CONTEXT_IMPL = "fs.AbstractFileSystem.file.impl";
  static final String CONTEXT_DEFAULTS = "shardtrain-local-fs.xml";

  private LocalFileSystems() {}

  /**
   * Names the fork-free classes for {@code file:} where they help: the local job runner (every job's staging,
   * splits, distributed cache and output are local files there) with no native library. Not on a cluster,
   * whose task JVMs normally load {@code libhadoop} and run Hadoop's own code; not where the user named a
   * file system. Must run before the first {@code FileSystem.get} for {@code file:}, whose instance Hadoop
   * caches for the JVM.
   */
  public static void chooseFor(Configuration conf) {
    if (!"local".equals(conf.get("mapreduce.framework.name", "local")) || !NioRawLocalFileSystem.effective()) return;
    if (isDefault(conf, FS_IMPL)) conf.set(FS_IMPL, NioLocalFileSystem.class.getName());
    if (isDefault(conf, CONTEXT_IMPL)) {
      conf.set(CONTEXT_IMPL, NioLocalFs.class.getName());
      // The local runner's distributed cache localises through FileContext.getLocalFSFileContext(), built
      // from a fresh Configuration that sees the default resources only: the same key, as a default resource
      // of this JVM (as HdfsConfiguration adds hdfs-default.xml).
      addContextDefault();
    }
  }

  private static boolean contextDefaultAdded;

  private static synchronized void addContextDefault() {
    if (!contextDefaultAdded) Configuration.addDefaultResource(CONTEXT_DEFAULTS);
    contextDefaultAdded = true;
  }

  private static boolean isDefault(Configuration conf, String key) {
    String[] sources = conf.getPropertySources(key);
    return sources == null || (sources.length == 1 && sources[0].endsWith("-default.xml"));
  }
}
