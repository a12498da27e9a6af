package org.shardtrain.host.program;

import org.apache.hadoop.conf.Configuration;
import org.shardtrain.host.fs.LocalFileSystems;

/**
 * Hadoop settings shardtrain changes unless the user set them (with -D, -conf or a site file):
 * <ul>
 *   <li>{@code mapreduce.client.completion.pollinterval}: the client checks for job completion every 5 s by
 *       default, which made every k-means iteration take at least 5 s; 50 ms costs nothing.</li>
 *   <li>{@code mapreduce.local.map.tasks.maximum} (local runner only): as many map tasks at once as there
 *       are cores, instead of Hadoop's one.</li>
 *   <li>{@code mapreduce.map.java.opts}: gains {@code --add-modules=jdk.incubator.vector} (kept when the user
 *       set other options), so map tasks run the CPU kernels' SIMD path: without it the same answers come
 *       about five times slower (docs/design.md, "Kernels"). Every Java 17+ runtime has the module.</li>
 *   <li>{@code fs.file.impl} and {@code fs.AbstractFileSystem.file.impl} (local runner without Hadoop's native
 *       library only): the fork-free local file system ({@link LocalFileSystems}), which takes ~66 child
 *       processes out of every job.</li>
 * </ul>
 */
final class JobDefaults {
  static final String COMPLETION_POLL = "mapreduce.client.completion.pollinterval";
  static final String LOCAL_MAPS = "mapreduce.local.map.tasks.maximum";
  static final String MAP_JAVA_OPTS = "mapreduce.map.java.opts";
  static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";

  private JobDefaults() {}

  static void apply(Configuration conf) {
    if (!userSet(conf, COMPLETION_POLL)) conf.setInt(COMPLETION_POLL, 50);
    if ("local".equals(conf.get("mapreduce.framework.name", "local")) && !userSet(conf, LOCAL_MAPS)) {
      conf.setInt(LOCAL_MAPS, Runtime.getRuntime().availableProcessors());
    }
    String opts = conf.getTrimmed(MAP_JAVA_OPTS, "");
    if (!opts.contains("jdk.incubator.vector")) conf.set(MAP_JAVA_OPTS, (opts + " " + VECTOR_MODULE).trim());
    LocalFileSystems.chooseFor(conf);
  }

  private static boolean userSet(Configuration conf, String key) {
    String[] sources = conf.getPropertySources(key);
    return sources != null && !(sources.length == 1 && sources[0].endsWith("-default.xml"));
  }
}
