package org.shardtrain.yarn.rpc;

import java.util.ArrayList;
import java.util.List;
import org.shardtrain.core.kmeans.BottomKSample;
import org.shardtrain.core.kmeans.CandidateWeights;
import org.shardtrain.core.kmeans.FarthestPoints;
import org.shardtrain.core.kmeans.KMeansStats;
import org.shardtrain.core.kmeans.SeedingRound;
import org.shardtrain.yarn.protocol.CentreStats;
import org.shardtrain.yarn.protocol.FarPoint;
import org.shardtrain.yarn.protocol.KMeansLloydStats;
import org.shardtrain.yarn.protocol.KMeansSampleStats;
import org.shardtrain.yarn.protocol.KMeansSeedingStats;
import org.shardtrain.yarn.protocol.KMeansWeightStats;
import org.shardtrain.yarn.protocol.SampledPoint;
import org.shardtrain.yarn.protocol.SeedingPoint;

/**
 * The one place that says how the core's k-means statistics travel from a worker ({@code of}) and are
 * merged on the AM ({@code addTo}). The merge adds each worker's part through the core's own
 * {@code addEntry}/{@code addPartial}/{@code offer}, in the order a MapReduce reducer adds a map task's
 * partials, so both engines' sums agree.
 */
public final class KMeansStatsCodec {
  private KMeansStatsCodec() {}

  // ---- worker side: statistics -> record

  public static KMeansSampleStats of(BottomKSample s) {
    List<SampledPoint> points = new ArrayList<>(s.size());
    for (int i = 0; i < s.size(); i++) points.add(new SampledPoint(s.hash(i), PackedDoubles.of(s.point(i))));
    return new KMeansSampleStats(s.seen(), points);
  }

  public static KMeansSeedingStats of(SeedingRound s) {
    List<SeedingPoint> points = new ArrayList<>();
    for (int i = 0; i < s.size(); i++) {
      if (s.threshold(i) <= s.cost()) continue; // cannot exceed the total cost, which is larger
      points.add(new SeedingPoint(s.threshold(i), PackedDoubles.of(s.point(i))));
    }
    return new KMeansSeedingStats(s.cost(), points);
  }

  public static KMeansWeightStats of(CandidateWeights w) {
    List<Long> weights = new ArrayList<>(w.size());
    for (int c = 0; c < w.size(); c++) weights.add(w.weight(c));
    return new KMeansWeightStats(weights);
  }

  public static KMeansLloydStats of(KMeansStats s) {
    List<CentreStats> centres = new ArrayList<>();
    for (int j = 0; j < s.k(); j++) {
      if (s.count(j) == 0) continue;
      centres.add(new CentreStats(j, s.count(j), s.cost(j), PackedDoubles.of(s.sum(j))));
    }
    FarthestPoints far = s.farthest();
    List<FarPoint> farthest = new ArrayList<>(far.size());
    for (int i = 0; i < far.size(); i++) farthest.add(new FarPoint(far.distance(i), PackedDoubles.of(far.point(i))));
    return new KMeansLloydStats(centres, farthest);
  }

  // ---- AM side: a worker's record -> added to the total

  public static void addTo(BottomKSample total, KMeansSampleStats part) {
    total.addEntry(0, null, part.getSeen());
    for (SampledPoint p : part.getPoints()) total.addEntry(p.getHash(), PackedDoubles.toArray(p.getPoint()), 0);
  }

  public static void addTo(SeedingRound total, KMeansSeedingStats part) {
    total.addPartial(part.getCost(), new double[0], new double[0], 0);
    for (SeedingPoint p : part.getPoints()) {
      total.addPartial(0, new double[] {p.getThreshold()}, PackedDoubles.toArray(p.getPoint()), 1);
    }
  }

  /** Weights only: a worker's part of the candidates' cost is not needed (MapReduce does not ship it either). */
  public static void addTo(CandidateWeights total, KMeansWeightStats part) {
    List<Long> weights = part.getWeights();
    for (int c = 0; c < weights.size(); c++) {
      if (weights.get(c) > 0) total.addPartial(c, weights.get(c), 0);
    }
  }

  public static void addTo(KMeansStats total, KMeansLloydStats part) {
    for (CentreStats c : part.getCentres()) {
      total.addPartial(c.getCentre(), c.getCount(), c.getCost(), PackedDoubles.toArray(c.getSum()));
    }
    for (FarPoint p : part.getFarthest()) total.farthest().offer(p.getDistance(), PackedDoubles.toArray(p.getPoint()), 0);
  }
}
