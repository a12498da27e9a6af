package org.shardtrain.yarn.am;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How splits are dealt: evenly without weights, by measured throughput with them. */
class ShardPlanTest {
  @TempDir Path dir;

  /** 40 files of 1-4 KB: one split each. */
  private String input() throws Exception {
    for (int i = 0; i < 40; i++) Files.writeString(dir.resolve(String.format("part-%02d.csv", i)), "1,2\n".repeat(256 * (1 + i % 4)));
    return dir.toUri().toString();
  }

  @Test
  void equalWeightsDealEvenly() throws Exception {
    ShardPlan plan = ShardPlan.of(new Configuration(), input(), 2);
    long[] bytes = plan.bytes();
    assertEquals(bytes[0], bytes[1], 1024, "largest first to the emptier worker: " + bytes[0] + " / " + bytes[1]);
  }

  @Test
  void aWorkerTenTimesFasterGetsAboutTenTimesTheData() throws Exception {
    ShardPlan plan = ShardPlan.of(new Configuration(), input(), new double[] {1.0, 10.0, 1.0});
    long[] bytes = plan.bytes();
    long total = bytes[0] + bytes[1] + bytes[2];
    double fastShare = (double) bytes[1] / total;
    assertTrue(Math.abs(fastShare - 10.0 / 12) < 0.04, "fast worker's share " + fastShare + " of " + java.util.Arrays.toString(bytes));
    // The time each worker needs (bytes / throughput) is balanced: no pass waits long on one worker.
    double slowest = Math.max(bytes[0], Math.max(bytes[1] / 10.0, bytes[2]));
    double fastest = Math.min(bytes[0], Math.min(bytes[1] / 10.0, bytes[2]));
    assertTrue(slowest - fastest <= 4096, "per-worker times " + java.util.Arrays.toString(bytes));
  }

  @Test
  void unmeasuredWorkersCountAsTheSlowestMeasuredOne() throws Exception {
    String in = input();
    long[] withZero = ShardPlan.of(new Configuration(), in, new double[] {0.0, 2.0, 2.0}).bytes();
    long[] withSlowest = ShardPlan.of(new Configuration(), in, new double[] {2.0, 2.0, 2.0}).bytes();
    assertArrayEquals(withSlowest, withZero);
  }
}
