package org.shardtrain.yarn.am;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/** Configurations the AM derives from the staged one for particular uses. */
final class AmConfs {
  private AmConfs() {}

  /**
   * For queries of the ResourceManager whose answer the run can do without (node labels for metrics.json,
   * the previous attempt's report): give up after seconds, not YARN's default quarter of an hour of
   * retries, when the ResourceManager does not answer or does not accept the AM as a client.
   */
  static Configuration informationalRmQueries(Configuration conf) {
    Configuration c = new Configuration(conf);
    c.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_MAX_WAIT_MS, 10_000);
    c.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_RETRY_INTERVAL_MS, 1_000);
    c.setInt("ipc.client.connect.max.retries", 2);
    c.setInt("ipc.client.connect.max.retries.on.sasl", 1);
    return c;
  }
}
