package org.shardtrain.host.engine;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.kmeans.DistanceMeasure;
import org.shardtrain.core.loop.IterationListener;

/**
 * Where a training program's passes run. The programs (kmeans, sgd, als) own everything around the passes
 * (output, checkpoints, the loop, the model and metrics files); an engine only provides the passes:
 * {@link MapReduceEngine} as one MapReduce job each, the YARN engine (module yarn-app) on long-lived
 * workers. The YARN engine's ApplicationMaster runs the very same program code with its own engine.
 */
public interface TrainingEngine {
  /** As recorded in metrics.json: {@code mr} or {@code yarn}. */
  String name();

  KMeansEngine kmeans(Configuration conf, String inputs, Path workDir, Path rejectsDir, int dimension,
                      DistanceMeasure measure, long seed) throws Exception;

  /** {@code testInputs} null: the test set is the held-out fraction of {@code inputs}. */
  SgdEngine sgd(Configuration conf, String inputs, String testInputs, Path workDir, Path rejectsDir) throws Exception;

  /** {@code factorsRoot}: where each iteration's factor folders go (the checkpoint directory). */
  AlsEngine als(Configuration conf, Path workDir, Path factorsRoot, Path rejectsDir) throws Exception;

  /** Wraps the program's progress listener (the YARN engine also reports to YARN and its status page). */
  default IterationListener listener(int maxIterations, IterationListener progress) { return progress; }

  /**
   * Which worker holds which input split, recorded in each checkpoint so that a resumed run deals the splits
   * the same way (one {@code worker TAB path TAB start TAB length} per split); empty for engines that split
   * every pass afresh (MapReduce).
   */
  default java.util.List<String> assignment() { return java.util.List.of(); }

  /** Adds what the engine knows about the run to metrics.json ({@code engine}, and the YARN {@code workers}). */
  default void describe(Map<String, Object> metrics) { metrics.put("engine", name()); }
}
