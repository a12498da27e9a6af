package org.shardtrain.core.kmeans;

import org.shardtrain.core.loop.CheckpointStore;
import org.shardtrain.core.loop.IterationListener;
import org.shardtrain.core.loop.IterationLoop;
import org.shardtrain.core.loop.TrainingState;

/**
 * The reference driver: the whole algorithm in one process over points in memory, through the same loop
 * and math as every engine. The MapReduce and YARN engines are tested against its models.
 */
public final class KMeansReference {
  private KMeansReference() {}

  /** Trains on {@code points} cut into {@code splits} parts (their statistics merged, as an engine would). */
  public static TrainingState<KMeansModel> train(double[][] points, KMeansParams params, int splits) throws Exception {
    KMeansAlgorithm algorithm = new KMeansAlgorithm(params, points[0].length,
        new InMemoryKMeansPasses(points, params.distance(), params.seed(), splits));
    return new IterationLoop<>(algorithm, CheckpointStore.<KMeansModel>none(), IterationListener.NONE)
        .run(params.maxIterations(), false);
  }

  /** Trains on the given splits, merged in their order (an engine's exact layout of map tasks or workers). */
  public static TrainingState<KMeansModel> train(double[][][] splits, KMeansParams params) throws Exception {
    KMeansAlgorithm algorithm = new KMeansAlgorithm(params, splits[0][0].length,
        new InMemoryKMeansPasses(splits, params.distance(), params.seed()));
    return new IterationLoop<>(algorithm, CheckpointStore.<KMeansModel>none(), IterationListener.NONE)
        .run(params.maxIterations(), false);
  }
}
