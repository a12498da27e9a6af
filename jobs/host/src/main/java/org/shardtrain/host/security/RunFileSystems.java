package org.shardtrain.host.security;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.shardtrain.core.param.Param;
import org.shardtrain.core.param.ResolvedParams;

/**
 * Every filesystem a run touches — those of its path parameters (input, output, checkpoint directory,
 * initial model, test input, ...) and the default one — for which a secure cluster's containers need
 * delegation tokens. MapReduce's own job submission fetches tokens only for the input and output formats'
 * paths and its staging directory; a checkpoint directory or a model on another namenode would be missed.
 */
public final class RunFileSystems {
  private RunFileSystems() {}

  public static Set<URI> of(ResolvedParams params, Configuration conf) throws IOException {
    Set<URI> uris = new LinkedHashSet<>();
    uris.add(FileSystem.get(conf).getUri());
    for (Param<?> p : params.params()) {
      if (!p.isPath() || params.get(p) == null) continue;
      for (String part : ((String) params.get(p)).split(",")) {
        if (part.isBlank()) continue;
        Path path = new Path(part.trim());
        uris.add(path.getFileSystem(conf).getUri());
      }
    }
    return uris;
  }

  /**
   * Names them in {@code mapreduce.job.hdfs-servers}, which every MapReduce job submission reads to fetch
   * delegation tokens (renewed by the ResourceManager, as for any MapReduce job's).
   */
  public static void addToJobNamenodes(Configuration conf, Set<URI> uris) {
    Set<String> all = new LinkedHashSet<>(conf.getStringCollection(MRJobConfig.JOB_NAMENODES));
    for (URI u : uris) all.add(u.toString());
    conf.setStrings(MRJobConfig.JOB_NAMENODES, all.toArray(new String[0]));
  }
}
