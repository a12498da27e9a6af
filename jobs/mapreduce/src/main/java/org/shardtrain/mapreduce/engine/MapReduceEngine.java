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

  @Override public String name() { return "mr"; }

  @Override
  public KMeansEngine kmeans(Configuration conf, String inputs, Path workDir, Path rejectsDir, int dimension,
                             DistanceMeasure measure, long seed) {
    return new MapReduceKMeansPasses(conf, inputs, workDir, rejectsDir, dimension, measure, seed);
  }

  @Override
  public SgdEngine sgd(Configuration conf, String inputs, String testInputs, Path workDir, Path rejectsDir) {
    return new MapReduceSgdPasses(conf, inputs, testInputs, workDir, rejectsDir);
  }

  @Override
  public AlsEngine als(Configuration conf, Path workDir, Path factorsRoot, Path rejectsDir) throws IOException {
    return new MapReduceAlsPasses(conf, workDir, factorsRoot, rejectsDir);
  }
}
