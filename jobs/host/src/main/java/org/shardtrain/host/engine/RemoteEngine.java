package org.shardtrain.host.engine;

import java.io.PrintStream;
import org.apache.hadoop.conf.Configuration;
import org.shardtrain.core.param.ResolvedParams;

/**
 * Runs a training program somewhere else: {@code --engine yarn} submits it as a YARN application whose
 * ApplicationMaster runs the program with its own {@link TrainingEngine}. Implemented by the yarn-app module
 * and found through {@link java.util.ServiceLoader}, so the MapReduce module does not depend on it.
 */
public interface RemoteEngine {
  /** Submits {@code program} with its resolved parameters, follows it to the end; returns the exit code. */
  int submit(String program, Configuration conf, ResolvedParams params, PrintStream out, PrintStream err)
      throws Exception;
}
