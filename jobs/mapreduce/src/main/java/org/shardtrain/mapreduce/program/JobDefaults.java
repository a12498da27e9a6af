package org.shardtrain.mapreduce.program;

import org.apache.hadoop.conf.Configuration;

/**
 * Hadoop settings shardtrain changes unless the user set them (with -D, -conf or a site file):
 * <ul>
 *   <li>{@code mapreduce.client.completion.pollinterval}: the client checks for job completion every 5 s by
 *       default, which made every k-means iteration take at least 5 s; 50 ms costs nothing.</li>
 *   <li>{@code mapreduce.local.map.tasks.maximum} (local runner only): as many map tasks at once as there
 *       are cores, instead of Hadoop's one.</li>
 * </ul>
 */
final class JobDefaults {
  static final String COMPLETION_POLL = "mapreduce.client.completion.pollinterval";
  static final String LOCAL_MAPS = "mapreduce.local.map.tasks.maximum";

  private JobDefaults() {}

  static void apply(Configuration conf) {
    if (!userSet(conf, COMPLETION_POLL)) conf.setInt(COMPLETION_POLL, 50);
    if ("local".equals(conf.get("mapreduce.framework.name", "local")) && !userSet(conf, LOCAL_MAPS)) {
      conf.setInt(LOCAL_MAPS, Runtime.getRuntime().availableProcessors());
    }
  }

  private static boolean userSet(Configuration conf, String key) {
    String[] sources = conf.getPropertySources(key);
    return sources != null && !(sources.length == 1 && sources[0].endsWith("-default.xml"));
  }
}
