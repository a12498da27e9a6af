package org.shardtrain.yarn.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.kmeans.BottomKSample;
import org.shardtrain.core.kmeans.CandidateWeights;
import org.shardtrain.core.kmeans.KMeansStats;
import org.shardtrain.core.kmeans.SeedingRound;
import org.shardtrain.yarn.protocol.KMeansSampleStats;
import org.shardtrain.yarn.protocol.KMeansSeedingStats;
import org.shardtrain.yarn.protocol.KMeansWeightStats;

/**
 * k-means statistics sent as report records and added up on the AM give what the core's own merge gives:
 * two workers' parts, each through a Report's wire form, against {@code merge}.
 */
class KMeansStatsCodecTest {
  private static final int D = 3;
  private static final long SEED = 42;

  private static double[] point(Random r) {
    return new double[] {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
  }

  /** The record as the AM receives it: through the Report's Writable form. */
  @SuppressWarnings("unchecked")
  private static <T extends SpecificRecord> T sent(T record) throws Exception {
    return (T) WorkerMessagesTest.roundTrip(new Report(0, 1, null, record, 0, 0, 0)).result();
  }

  @Test
  void lloydStatisticsAddUpAsTheCoreMergesThem() throws Exception {
    int k = 4;
    Random r = new Random(1);
    KMeansStats[] parts = {new KMeansStats(k, D), new KMeansStats(k, D)};
    for (int i = 0; i < 200; i++) parts[i % 2].add(point(r), i % 3, r.nextDouble()); // centre 3 stays empty
    KMeansStats expected = new KMeansStats(k, D);
    KMeansStats total = new KMeansStats(k, D);
    for (KMeansStats p : parts) {
      expected.merge(p);
      KMeansStatsCodec.addTo(total, sent(KMeansStatsCodec.of(p)));
    }
    for (int j = 0; j < k; j++) {
      assertEquals(expected.count(j), total.count(j));
      assertEquals(expected.cost(j), total.cost(j));
      assertArrayEquals(expected.sum(j), total.sum(j));
    }
    assertEquals(0, total.count(3));
    assertTrue(total.farthest().size() > 0);
    assertEquals(expected.farthest().size(), total.farthest().size());
    int[] e = expected.farthest().order();
    int[] t = total.farthest().order();
    for (int i = 0; i < e.length; i++) {
      assertEquals(expected.farthest().distance(e[i]), total.farthest().distance(t[i]));
      assertArrayEquals(expected.farthest().point(e[i]), total.farthest().point(t[i]));
    }
  }

  @Test
  void theSampleKeepsTheSamePointsAndCount() throws Exception {
    Random r = new Random(2);
    BottomKSample[] parts = {new BottomKSample(10, D, SEED), new BottomKSample(10, D, SEED)};
    for (int i = 0; i < 100; i++) parts[i % 2].add(point(r));
    BottomKSample expected = new BottomKSample(10, D, SEED);
    BottomKSample total = new BottomKSample(10, D, SEED);
    for (BottomKSample p : parts) {
      expected.merge(p);
      KMeansSampleStats s = sent(KMeansStatsCodec.of(p));
      assertEquals(10, s.getPoints().size());
      KMeansStatsCodec.addTo(total, s);
    }
    assertEquals(100, total.seen());
    assertArrayEquals(expected.sortedPoints(), total.sortedPoints());
  }

  @Test
  void aSeedingRoundChoosesTheSamePoints() throws Exception {
    Random r = new Random(3);
    SeedingRound[] parts = {new SeedingRound(D, SEED, 1, 8), new SeedingRound(D, SEED, 1, 8)};
    for (int i = 0; i < 300; i++) parts[i % 2].add(point(r), r.nextDouble());
    SeedingRound expected = new SeedingRound(D, SEED, 1, 8);
    SeedingRound total = new SeedingRound(D, SEED, 1, 8);
    for (SeedingRound p : parts) {
      expected.merge(p);
      KMeansSeedingStats s = sent(KMeansStatsCodec.of(p));
      assertEquals(p.cost(), s.getCost());
      KMeansStatsCodec.addTo(total, s);
    }
    assertEquals(expected.cost(), total.cost());
    double[] chosen = expected.chosen();
    assertTrue(chosen.length > 0);
    assertArrayEquals(chosen, total.chosen());
  }

  @Test
  void candidateWeightsAddUp() throws Exception {
    CandidateWeights[] parts = {new CandidateWeights(3), new CandidateWeights(3)};
    parts[0].add(0, 1.0);
    parts[0].add(2, 1.0);
    parts[1].add(2, 1.0);
    CandidateWeights total = new CandidateWeights(3);
    for (CandidateWeights p : parts) {
      KMeansWeightStats s = sent(KMeansStatsCodec.of(p));
      KMeansStatsCodec.addTo(total, s);
    }
    assertArrayEquals(new long[] {1, 0, 2}, total.weights());
  }
}
