package org.shardtrain.core.kmeans;

import org.shardtrain.core.loop.CheckpointStore;
import org.shardtrain.core.loop.IterationListener;
import org.shardtrain.core.loop.IterationLoop;
import org.shardtrain.core.loop.TrainingState;
import org.shardtrain.core.testing.BruteForce;

/** Trains with the in-process reference engine and measures the result by brute force. */
record KMeansResultProbe(TrainingState<KMeansModel> state, double wssse) {
  static KMeansResultProbe train(double[][] pts, KMeansParams p, int splits) throws Exception {
    KMeansAlgorithm algo = new KMeansAlgorithm(p, pts[0].length,
        new InMemoryKMeansPasses(pts, p.distance(), p.seed(), splits));
    TrainingState<KMeansModel> s = new IterationLoop<>(algo, CheckpointStore.<KMeansModel>none(), IterationListener.NONE)
        .run(p.maxIterations(), false);
    double[][] centres = BruteForce.rows(s.model().centres(), pts[0].length);
    return new KMeansResultProbe(s, BruteForce.wssse(pts, centres));
  }
}
