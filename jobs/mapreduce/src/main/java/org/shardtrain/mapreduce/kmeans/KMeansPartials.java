package org.shardtrain.mapreduce.kmeans;

import java.io.IOException;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;
import org.shardtrain.core.kmeans.BottomKSample;
import org.shardtrain.core.kmeans.CandidateWeights;
import org.shardtrain.core.kmeans.FarthestPoints;
import org.shardtrain.core.kmeans.KMeansStats;
import org.shardtrain.core.kmeans.SeedingRound;
import org.shardtrain.mapreduce.io.PartialWritable;
import org.shardtrain.mapreduce.io.SlotKey;

/**
 * The one place that says how the core's k-means statistics travel as (key, {@link PartialWritable})
 * pairs, in both directions. Non-negative keys are summed by the combiner and reducer; {@link #LIST}
 * entries pass through.
 *
 * <table>
 *   <caption>fields per pass</caption>
 *   <tr><th>pass</th><th>key j ≥ 0</th><th>key LIST</th></tr>
 *   <tr><td>scan</td><td>0: count = points seen</td><td>count = hash, vector = sampled point</td></tr>
 *   <tr><td>seeding round</td><td>0: amount = cost</td><td>amount = threshold t, vector = point</td></tr>
 *   <tr><td>weights</td><td>candidate j: count = weight</td><td>—</td></tr>
 *   <tr><td>Lloyd</td><td>centre j: count, amount = cost, vector = sum</td><td>amount = distance, vector = far point</td></tr>
 * </table>
 */
public final class KMeansPartials {
  public static final int LIST = -1;

  private KMeansPartials() {}

  public interface Sink {
    void write(int key, long count, double amount, double[] vector, int size) throws IOException, InterruptedException;
  }

  /** Writes partials keyed by slot and by this map task, the order in which reducers add them ({@link SlotKey}). */
  public static Sink sink(TaskInputOutputContext<?, ?, SlotKey, PartialWritable> context) {
    SlotKey key = new SlotKey();
    int task = task(context);
    PartialWritable value = new PartialWritable();
    return (k, count, amount, vector, size) -> {
      key.set(k, task);
      value.set(count, amount, vector, size);
      context.write(key, value);
    };
  }

  /** The map task's number (its split's place in the job), the merge order of its partials. */
  public static int task(TaskInputOutputContext<?, ?, ?, ?> context) {
    var attempt = context.getTaskAttemptID();
    return attempt == null ? 0 : attempt.getTaskID().getId(); // MRUnit's contexts have no attempt
  }

  // ---- task side: statistics -> partials

  public static void emitScan(BottomKSample s, Sink out) throws IOException, InterruptedException {
    out.write(0, s.seen(), 0, null, 0);
    for (int i = 0; i < s.size(); i++) {
      double[] p = s.point(i);
      out.write(LIST, s.hash(i), 0, p, p.length);
    }
  }

  public static void emitSeeding(SeedingRound s, Sink out) throws IOException, InterruptedException {
    out.write(0, 0, s.cost(), null, 0);
    for (int i = 0; i < s.size(); i++) {
      if (s.threshold(i) <= s.cost()) continue; // cannot exceed the total cost, which is larger
      double[] p = s.point(i);
      out.write(LIST, 0, s.threshold(i), p, p.length);
    }
  }

  public static void emitWeights(CandidateWeights w, Sink out) throws IOException, InterruptedException {
    for (int c = 0; c < w.size(); c++) {
      if (w.weight(c) > 0) out.write(c, w.weight(c), 0, null, 0);
    }
  }

  public static void emitLloyd(KMeansStats s, Sink out) throws IOException, InterruptedException {
    for (int j = 0; j < s.k(); j++) {
      if (s.count(j) == 0) continue;
      double[] sum = s.sum(j);
      out.write(j, s.count(j), s.cost(j), sum, sum.length);
    }
    FarthestPoints far = s.farthest();
    for (int i = 0; i < far.size(); i++) {
      double[] p = far.point(i);
      out.write(LIST, 0, far.distance(i), p, p.length);
    }
  }

  // ---- driver side: partials -> statistics

  public static void addScan(BottomKSample total, int key, PartialWritable v) {
    if (key == LIST) total.addEntry(v.count(), v.vectorCopy(), 0);
    else total.addEntry(0, null, v.count());
  }

  public static void addSeeding(SeedingRound total, int key, PartialWritable v) {
    if (key == LIST) total.addPartial(0, new double[] {v.amount()}, v.vectorCopy(), 1);
    else total.addPartial(v.amount(), new double[0], new double[0], 0);
  }

  public static void addWeights(CandidateWeights total, int key, PartialWritable v) {
    total.addPartial(key, v.count(), v.amount());
  }

  public static void addLloyd(KMeansStats total, int key, PartialWritable v) {
    if (key == LIST) total.farthest().offer(v.amount(), v.vectorCopy(), 0);
    else total.addPartial(key, v.count(), v.amount(), v.vectorCopy());
  }
}
