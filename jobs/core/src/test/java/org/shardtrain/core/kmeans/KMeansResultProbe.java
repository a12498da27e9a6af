package org.shardtrain.core.kmeans;

import org.shardtrain.core.loop.TrainingState;
import org.shardtrain.core.testing.BruteForce;

/** Trains with the in-process reference engine and measures the result by brute force. */
record KMeansResultProbe(TrainingState<KMeansModel> state, double wssse) {
  static KMeansResultProbe train(double[][] pts, KMeansParams p, int splits) throws Exception {
    TrainingState<KMeansModel> s = KMeansReference.train(pts, p, splits);
    double[][] centres = BruteForce.rows(s.model().centres(), pts[0].length);
    return new KMeansResultProbe(s, BruteForce.wssse(pts, centres));
  }
}
