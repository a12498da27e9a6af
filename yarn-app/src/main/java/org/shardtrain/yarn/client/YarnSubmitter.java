package org.shardtrain.yarn.client;

import java.io.File;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.shardtrain.core.param.Param;
import org.shardtrain.core.param.ResolvedParams;
import org.shardtrain.host.engine.RemoteEngine;
import org.shardtrain.host.security.RunFileSystems;

/**
 * {@code --engine yarn} on the submitting side: qualifies the run's paths against this side's filesystem
 * and working directory, starts an embedded cluster when none is configured, and hands over to a
 * {@link Submission}. Found by the programs through {@link java.util.ServiceLoader}.
 */
public final class YarnSubmitter implements RemoteEngine {
  @Override
  public int submit(String program, Configuration base, ResolvedParams params, PrintStream out, PrintStream err)
      throws Exception {
    Configuration conf = new YarnConfiguration(base);
    Map<String, String> values = qualified(params, conf);
    if (EmbeddedCluster.configured(conf)) {
      return new Submission(conf, program, values, RunFileSystems.of(params, conf), out, err).run();
    }
    if (org.apache.hadoop.security.UserGroupInformation.isSecurityEnabled()) {
      throw new IllegalArgumentException("no YARN cluster configured (yarn.resourcemanager.address), and Kerberos is on: "
          + "an embedded cluster does not run secured; set HADOOP_CONF_DIR to the secure cluster's configuration");
    }
    err.println("shardtrain: no YARN cluster configured (HADOOP_CONF_DIR); starting an embedded single-machine "
        + "cluster for this run (`scripts/shardtrain cluster start` keeps one running)");
    File base0 = new File(System.getProperty("java.io.tmpdir"), "shardtrain-embedded-" + ProcessHandle.current().pid());
    try (EmbeddedCluster cluster = EmbeddedCluster.start(base0, 2)) {
      Configuration embedded = cluster.clientConf();
      return new Submission(embedded, program, values, RunFileSystems.of(params, embedded), out, err).run();
    } finally {
      org.apache.hadoop.fs.FileUtil.fullyDelete(base0);
    }
  }

  /** Every parameter as configuration text; paths made absolute on the filesystem they name here. */
  static Map<String, String> qualified(ResolvedParams params, Configuration conf) throws Exception {
    Map<String, String> values = new LinkedHashMap<>(params.asConfiguration());
    for (Param<?> p : params.params()) {
      if (!p.isPath() || params.get(p) == null) continue;
      StringBuilder sb = new StringBuilder();
      for (String part : ((String) params.get(p)).split(",")) {
        if (part.isBlank()) continue;
        String refused = LocalPathCheck.problem(p, part.trim(), conf);
        if (refused != null) throw new IllegalArgumentException(refused);
        Path path = new Path(part.trim());
        FileSystem fs = path.getFileSystem(conf);
        sb.append(sb.length() == 0 ? "" : ",").append(fs.makeQualified(path));
      }
      values.put(p.key(), sb.toString());
    }
    return values;
  }
}
