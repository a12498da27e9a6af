package org.shardtrain.yarn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.kmeans.KMeansSizes;
import org.shardtrain.formats.InputSample;

/**
 * The up-front refusal at the sizes users own: a 100 GB CSV of 20-value points (167 bytes a point, as the
 * issue's 1,000,000 × 20 file) and 10 billion ratings; the suggested --workers is the fewest that fit (one
 * fewer does not), the suggested --worker-memory fits, a model too large for any number of workers gets
 * only the memory, and sizes beyond a long are a refusal, not an overflow.
 */
class WorkerMemoryCheckTest {
  static final long GB = 1L << 30;
  static final long SPLIT = 128L << 20;
  static final InputSample.Figures POINTS = new InputSample.Figures(20_000, 20_000 * 167L, 20, 0, 0, 0);
  static final InputSample.Figures RATINGS = new InputSample.Figures(20_000, 20_000 * 20L, 3, 0, 15_000, 9_000);

  static WorkerMemoryCheck.Estimate kmeans(long total, int workers, int memoryMb) {
    return new WorkerMemoryCheck.Estimate("kmeans", total, SPLIT, workers, POINTS, 20, 0, 2, memoryMb);
  }

  static int suggested(String problem, String flag) {
    Matcher m = Pattern.compile("use .*" + flag + " (\\d+)").matcher(problem);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  @Test
  void aHundredGigabyteCsvOnTenWorkersIsRefusedWithACountThatFits() {
    long total = 100 * GB;
    String problem = WorkerMemoryCheck.problem(kmeans(total, 10, 4096));
    // 100 GB / 167 B = 643 M points, a tenth of them per worker; 8 bytes a value: 10.3 GB, over a 3,276 MB heap.
    long points = (long) Math.ceil(total / 167.0);
    assertTrue(problem.contains(String.format("about %,d points of 20 values each, k = 20", (points + 9) / 10)), problem);
    assertTrue(problem.contains("of 100.0 GB on 10 workers"), problem);
    assertTrue(problem.contains("but --worker-memory 4096 gives it 3,276 MB"), problem);
    long heap = WorkerMemoryCheck.heapOf(4096);
    int workers = suggested(problem, "--workers");
    assertTrue(workers > 10, problem);
    assertTrue(new KMeansSizes(points, 20, 20, workers).workerHeapBytes() <= heap);
    assertTrue(new KMeansSizes(points, 20, 20, workers - 1).workerHeapBytes() > heap, "one worker fewer does not fit");
    assertTrue(new KMeansSizes(points, 20, 20, 10).workerHeapBytes() >= points / 10 * 20 * 8,
        "at least the points' doubles");
    assertNull(WorkerMemoryCheck.problem(kmeans(total, workers, 4096)), "the suggested count is accepted");
    int memory = suggested(problem, "--worker-memory");
    assertNull(WorkerMemoryCheck.problem(kmeans(total, 10, memory)), "the suggested memory is accepted: " + memory);
    assertTrue(WorkerMemoryCheck.problem(kmeans(total, 10, memory - 256)) != null, "256 MB less is not: " + memory);
    System.out.println("100 GB CSV, 10 workers: " + problem);
  }

  @Test
  void aModelNoWorkerCountCanHoldGetsOnlyTheMemory() {
    // k = 200,000 centres of 1,000 values: 1.6 GB a copy, several copies per pass.
    WorkerMemoryCheck.Estimate e = new WorkerMemoryCheck.Estimate("kmeans", 10 * GB, SPLIT, 10,
        new InputSample.Figures(1000, 1000 * 8000L, 1000, 0, 0, 0), 200_000, 0, 2, 8192);
    String problem = WorkerMemoryCheck.problem(e);
    assertEquals(-1, suggested(problem, "--workers"), problem);
    int memory = suggested(problem, "--worker-memory");
    assertTrue(memory * 8L / 10 * (1L << 20) >= 5 * 1_600_000_000L, problem);
    assertNull(WorkerMemoryCheck.problem(new WorkerMemoryCheck.Estimate("kmeans", 10 * GB, SPLIT, 10,
        new InputSample.Figures(1000, 1000 * 8000L, 1000, 0, 0, 0), 200_000, 0, 2, memory)));
  }

  @Test
  void tenBillionRatingsFitOnAThousandWorkersButNotOnAHundred() {
    long total = 10_000_000_000L * 20; // TSV, about 20 bytes a rating
    String problem = WorkerMemoryCheck.problem(new WorkerMemoryCheck.Estimate("als", total, SPLIT, 100, RATINGS, 0,
        50, 2, 2048));
    assertTrue(problem.contains("about 100,000,000 ratings each, rank 50"), problem);
    int workers = suggested(problem, "--workers");
    assertTrue(workers > 100 && workers < 1000, problem);
    assertNull(WorkerMemoryCheck.problem(new WorkerMemoryCheck.Estimate("als", total, SPLIT, workers, RATINGS, 0, 50,
        2, 2048)));
    assertNull(WorkerMemoryCheck.problem(new WorkerMemoryCheck.Estimate("als", total, SPLIT, 1000, RATINGS, 0, 50,
        2, 2048)));
    System.out.println("10 B ratings, 100 workers: " + problem);
  }

  @Test
  void sizesBeyondALongAreARefusalNotAnOverflow() {
    // 2^62 bytes of 1,000-value points: 2.8e16 points × 8,000 bytes does not fit a long.
    WorkerMemoryCheck.Estimate e = new WorkerMemoryCheck.Estimate("kmeans", Long.MAX_VALUE / 2, SPLIT, 2,
        new InputSample.Figures(1000, 1000 * 167L, 1000, 0, 0, 0), 3, 0, 2, 1024);
    assertTrue(WorkerMemoryCheck.problem(e).contains("more than 2^63 bytes"), WorkerMemoryCheck.problem(e));
  }
}
