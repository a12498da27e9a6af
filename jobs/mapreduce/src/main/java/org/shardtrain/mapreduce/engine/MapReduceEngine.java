package org.shardtrain.mapreduce.engine;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.kmeans.DistanceMeasure;
import org.shardtrain.host.engine.AlsEngine;
import org.shardtrain.host.engine.KMeansEngine;
import org.shardtrain.host.engine.SgdEngine;
import org.shardtrain.host.engine.TrainingEngine;
import org.shardtrain.mapreduce.als.MapReduceAlsPasses;
import org.shardtrain.mapreduce.kmeans.MapReduceKMeansPasses;
import org.shardtrain.mapreduce.sgd.MapReduceSgdPasses;

/** {@code --engine mr}: one MapReduce job per pass. */
public final class MapReduceEngine implements TrainingEngine {
  /** For ServiceLoader (META-INF/services/org.shardtrain.host.engine.TrainingEngine): the host finds it by name. */
  public MapReduceEngine() {}

  /** The splits the run's input was read in, for metrics.json (one map task each). */
  private java.util.function.LongSupplier inputSplits = () -> 0;

  @Override public String name() { return "mr"; }

  @Override
  public KMeansEngine kmeans(Configuration conf, String inputs, Path workDir, Path rejectsDir, int dimension,
                             DistanceMeasure measure, long seed) {
    MapReduceKMeansPasses passes = new MapReduceKMeansPasses(conf, inputs, workDir, rejectsDir, dimension, measure, seed);
    inputSplits = passes::inputSplits;
    return passes;
  }

  @Override
  public SgdEngine sgd(Configuration conf, String inputs, String testInputs, Path workDir, Path rejectsDir) {
    MapReduceSgdPasses passes = new MapReduceSgdPasses(conf, inputs, testInputs, workDir, rejectsDir);
    inputSplits = passes::inputSplits;
    return passes;
  }

  @Override
  public AlsEngine als(Configuration conf, Path workDir, Path factorsRoot, Path rejectsDir) throws IOException {
    MapReduceAlsPasses passes = new MapReduceAlsPasses(conf, workDir, factorsRoot, rejectsDir);
    inputSplits = passes::inputSplits;
    return passes;
  }

  /** {@code engine}, and {@code input_splits}: how many map tasks read the input in each pass. */
  @Override
  public void describe(java.util.Map<String, Object> metrics) {
    metrics.put("engine", name());
    long splits = inputSplits.getAsLong();
    if (splits > 0) metrics.put("input_splits", splits);
  }
}
