package org.shardtrain.mapreduce.program;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.kmeans.DistanceMeasure;
import org.shardtrain.core.kmeans.KMeansModel;
import org.shardtrain.core.kmeans.KMeansParams;
import org.shardtrain.core.kmeans.KMeansReference;
import org.shardtrain.core.loop.TrainingState;
import org.shardtrain.host.program.KMeansTool;
import org.shardtrain.mapreduce.testing.LocalRun;
import org.shardtrain.mapreduce.testing.Models;

/**
 * The merge order of map tasks' partial sums is fixed (by task, then slot), so MapReduce k-means at
 * {@code --tol 0} stops when nothing moves — at the iteration the in-process reference (the YARN engine's
 * math) stops, with the same centres to the bit when the reference merges the same splits in the same order.
 * Before issue 22 the reducer added partials in arrival order and, with three or more map tasks, centres could
 * keep moving by ~1e-15 until --max-iter.
 */
class KMeansMergeOrderTest {
  @TempDir Path tmp;

  @Test
  void atTolZeroMapReduceConvergesWhenTheReferenceDoesWithTheSameCentres() throws Exception {
    // Four files of strictly decreasing size: one split each, and Hadoop numbers the map tasks by split size
    // (largest first), so task t reads file t. Three or more tasks are needed for the order to matter.
    int[] counts = {900, 700, 500, 300};
    int d = 4;
    Random random = new Random(22);
    double[][] means = new double[5][d];
    for (double[] m : means) for (int j = 0; j < d; j++) m[j] = random.nextDouble() * 6;
    double[][][] splits = new double[counts.length][][];
    Path input = Files.createDirectories(tmp.resolve("points"));
    for (int f = 0; f < counts.length; f++) {
      splits[f] = new double[counts[f]][d];
      StringBuilder csv = new StringBuilder();
      for (int i = 0; i < counts[f]; i++) {
        double[] mean = means[random.nextInt(means.length)];
        for (int j = 0; j < d; j++) {
          splits[f][i][j] = mean[j] + random.nextGaussian(); // overlapping clusters: several Lloyd iterations
          csv.append(j == 0 ? "" : ",").append(splits[f][i][j]); // Double.toString round-trips exactly
        }
        csv.append('\n');
      }
      Files.writeString(input.resolve("part-" + f + ".csv"), csv);
    }

    KMeansParams params = new KMeansParams(5, KMeansParams.Init.RANDOM, DistanceMeasure.EUCLIDEAN, 60, 0.0, 7, 2);
    TrainingState<KMeansModel> reference = KMeansReference.train(splits, params);
    assertTrue(reference.converged(), "the reference stops moving within 60 iterations");
    assertTrue(reference.iteration() > 3, "a run long enough for orders to differ: " + reference.iteration());

    Configuration conf = LocalRun.conf(tmp);
    Path out = tmp.resolve("model");
    LocalRun.Result r = LocalRun.run(conf, new KMeansTool(), "--input", input.toString(), "--format", "csv",
        "--output", out.toString(), "--k", "5", "--init", "random", "--seed", "7", "--tol", "0", "--max-iter", "60");
    assertEquals(0, r.exit(), r.err());
    JsonNode m = LocalRun.metrics(out);
    assertTrue(m.get("converged").asBoolean(), "MapReduce stops at --tol 0");
    assertEquals(reference.iteration(), m.get("iterations").asInt(), "at the reference's iteration");
    assertArrayEquals(reference.model().centres(), Models.kmeans(out).centres(), "the same centres, bit for bit");
  }
}
