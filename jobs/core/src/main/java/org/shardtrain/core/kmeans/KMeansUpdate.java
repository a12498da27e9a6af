package org.shardtrain.core.kmeans;

import java.util.ArrayList;
import java.util.List;

/**
 * The update and convergence rules of Lloyd's algorithm. Each centre moves to the mean of its points
 * (normalised for cosine). An empty cluster is <b>re-seeded from the farthest point</b> of the pass (the
 * point its centre serves worst), farthest first; if more clusters are empty than far points were kept,
 * the rest keep their position and are reported in {@link Result#emptyClusters()}.
 */
public final class KMeansUpdate {
  private KMeansUpdate() {}

  /** The next model and what the pass measured. {@code cost} is of the model the pass assigned with. */
  public record Result(KMeansModel model, double cost, long points, double maxMove, int reseeded,
                       int emptyClusters) {}

  public static Result update(KMeansModel current, KMeansStats stats) {
    int k = current.k();
    int d = current.dimension();
    DistanceMeasure measure = current.measure();
    double[] next = current.centres();
    List<Integer> empty = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      if (stats.count(j) > 0) {
        measure.centreFromSum(stats.sumsView(), j * d, stats.count(j), d, next, j * d);
      } else {
        empty.add(j);
      }
    }
    int reseeded = 0;
    FarthestPoints far = stats.farthest();
    int[] order = far.order();
    for (int e = 0; e < empty.size() && e < order.length; e++) {
      if (far.distance(order[e]) <= 0) break; // every point sits on a centre: nothing better to offer
      System.arraycopy(far.point(order[e]), 0, next, empty.get(e) * d, d);
      reseeded++;
    }
    KMeansModel model = new KMeansModel(k, d, measure, next);
    return new Result(model, stats.totalCost(), stats.totalCount(), model.maxMoveFrom(current), reseeded,
        empty.size());
  }

  /** Converged when no centre moved more than {@code tolerance} and no cluster had to be re-seeded. */
  public static boolean converged(Result r, double tolerance) {
    return r.reseeded() == 0 && r.maxMove() <= tolerance;
  }
}
