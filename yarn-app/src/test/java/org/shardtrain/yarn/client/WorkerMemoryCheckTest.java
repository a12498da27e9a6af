package org.shardtrain.yarn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.param.WorkerHeap;
import org.shardtrain.formats.InputSample;

/**
 * The up-front refusal at the sizes users own: a 100 GB CSV of 20-value points (167 bytes a point, as the
 * issue's 1,000,000 × 20 file) and 10 billion ratings; the suggested --workers is the fewest that fit (one
 * fewer does not), the suggested --worker-memory fits, and a model too large for any number of workers gets
 * only the memory.
 */
class WorkerMemoryCheckTest {
  static final long GB = 1L << 30;
  static final long SPLIT = 128L << 20;
  static final InputSample.Figures POINTS = new InputSample.Figures(20_000, 20_000 * 167L, 20, 0, 0, 0);
  static final InputSample.Figures RATINGS = new InputSample.Figures(20_000, 20_000 * 20L, 3, 0, 15_000, 9_000);

  static WorkerMemoryCheck.Estimate kmeans(long total, int workers, int k, int memoryMb) {
    long share = (total + workers - 1) / workers;
    return new WorkerMemoryCheck.Estimate("kmeans", total, share, SPLIT, workers, POINTS, k, 0, 2, memoryMb);
  }

  static int suggested(String problem, String flag) {
    Matcher m = Pattern.compile("use .*" + flag + " (\\d+)").matcher(problem);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  @Test
  void aHundredGigabyteCsvOnTenWorkersIsRefusedWithACountThatFits() {
    long total = 100 * GB;
    WorkerMemoryCheck.Estimate e = kmeans(total, 10, 20, 4096);
    String problem = WorkerMemoryCheck.problem(e);
    // 100 GB / 167 B = 643 M points; a tenth of them × 20 values × 8 bytes = 10.3 GB, over a 3,276 MB heap.
    long points = (long) Math.ceil(total / 10.0 / 167);
    assertTrue(problem.contains(String.format("about %,d points of 20 values, k = 20", points)), problem);
    assertTrue(problem.contains("but --worker-memory 4096 gives it 3,276 MB"), problem);
    int workers = suggested(problem, "--workers");
    assertTrue(workers > 10, problem);
    long heap = WorkerHeap.heapOf(4096);
    assertTrue(kmeans(total, workers, 20, 4096).heapFor((total + workers - 1) / workers, workers) <= heap);
    assertTrue(kmeans(total, workers - 1, 20, 4096).heapFor((total + workers - 2) / (workers - 1), workers - 1) > heap,
        "one worker fewer does not fit");
    assertNull(WorkerMemoryCheck.problem(kmeans(total, workers, 20, 4096)), "the suggested count is accepted");
    int memory = suggested(problem, "--worker-memory");
    assertNull(WorkerMemoryCheck.problem(kmeans(total, 10, 20, memory)), "the suggested memory is accepted: " + memory);
    System.out.println("100 GB CSV, 10 workers: " + problem);
  }

  @Test
  void aModelNoWorkerCountCanHoldGetsOnlyTheMemory() {
    // k = 1,000,000 centres of 1,000 values: 8 GB per copy, four copies with two kernel threads.
    WorkerMemoryCheck.Estimate e = new WorkerMemoryCheck.Estimate("kmeans", 10 * GB, GB, SPLIT, 10,
        new InputSample.Figures(1000, 1000 * 8000L, 1000, 0, 0, 0), 1_000_000, 0, 2, 8192);
    String problem = WorkerMemoryCheck.problem(e);
    assertEquals(-1, suggested(problem, "--workers"), problem);
    assertTrue(suggested(problem, "--worker-memory") * 8L / 10 * (1L << 20) >= 4L * 8_000_000_000L, problem);
  }

  @Test
  void tenBillionRatingsFitOnAThousandWorkersButNotOnAHundred() {
    long total = 10_000_000_000L * 20; // TSV, about 20 bytes a rating
    WorkerMemoryCheck.Estimate hundred = new WorkerMemoryCheck.Estimate("als", total, total / 100, SPLIT, 100,
        RATINGS, 0, 50, 2, 2048);
    String problem = WorkerMemoryCheck.problem(hundred);
    // 100 M ratings a worker × 24 bytes = 2.4 GB over a 1,638 MB heap.
    assertTrue(problem.contains("about 100,000,000 ratings, rank 50"), problem);
    int workers = suggested(problem, "--workers");
    assertTrue(workers > 100 && workers < 200, problem);
    WorkerMemoryCheck.Estimate thousand = new WorkerMemoryCheck.Estimate("als", total, total / 1000, SPLIT, 1000,
        RATINGS, 0, 50, 2, 2048);
    assertNull(WorkerMemoryCheck.problem(thousand));
    System.out.println("10 B ratings, 100 workers: " + problem);
  }

  @Test
  void sizesBeyondALongAreARefusalNotAnOverflow() {
    // 2^62 bytes of 1,000-value points: 2.8e16 points × 8,000 bytes does not fit a long.
    WorkerMemoryCheck.Estimate e = new WorkerMemoryCheck.Estimate("kmeans", Long.MAX_VALUE / 2, Long.MAX_VALUE / 4,
        SPLIT, 2, new InputSample.Figures(1000, 1000 * 167L, 1000, 0, 0, 0), 3, 0, 2, 1024);
    assertTrue(WorkerMemoryCheck.problem(e).contains("more than 2^63 bytes"), WorkerMemoryCheck.problem(e));
  }
}
