package org.shardtrain.yarn.client;

import java.io.IOException;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.shardtrain.core.als.AlsParams;
import org.shardtrain.core.als.AlsSizes;
import org.shardtrain.core.io.RecordFormat;
import org.shardtrain.core.kmeans.KMeansParams;
import org.shardtrain.core.kmeans.KMeansSizes;
import org.shardtrain.core.param.RunParams;
import org.shardtrain.core.sgd.SgdSizes;
import org.shardtrain.core.size.WorkerFootprint;
import org.shardtrain.formats.InputSample;
import org.shardtrain.yarn.am.ShardPlan;
import org.shardtrain.yarn.am.YarnResources;

/**
 * Refuses, before the application is submitted (so before any container starts, and with nothing written), a
 * run whose workers' heaps cannot hold their share of the input and the model, and names a {@code --workers}
 * or {@code --worker-memory} that would. Spark users meet this as an OutOfMemoryError an hour in.
 *
 * <p>The counts come from the input's size and its head ({@link InputSample}: records per stored byte, values
 * or non-zeros per record, the largest feature, the users and items seen); what a worker holds for them from
 * the algorithms' own size models ({@link KMeansSizes}, {@link SgdSizes}, {@link AlsSizes}: the workers' arrays
 * priced in measured bytes, the collector's room and a baseline). An estimate: it refuses only what would
 * clearly not fit. For ALS the users and items are those the sample saw (their number is not known before the
 * ratings are read), so for ALS the ratings, the solver and the baseline are what is really checked.
 */
final class WorkerMemoryCheck {
  private WorkerMemoryCheck() {}

  /** The input and parameters a run's footprint is estimated from; {@link #footprint} on any worker count. */
  record Estimate(String program, long totalBytes, long largestSplitBytes, int workers, InputSample.Figures sample,
                  int k, int rank, int threads, int workerMemoryMb) {

    long records() {
      return (long) Math.ceil(totalBytes * sample.recordsPerByte());
    }

    /** What each of {@code w} workers holds. */
    WorkerFootprint footprint(int w) {
      return switch (program) {
        case "kmeans" -> new KMeansSizes(records(), Math.max(1, (int) Math.round(sample.valuesPerRecord())), k, w);
        case "sgd", "linear" -> new SgdSizes(records(), (long) Math.ceil(records() * sample.valuesPerRecord()),
            Math.max(1, sample.maxFeature()), w);
        default -> new AlsSizes(records(), sample.distinctUsers(), sample.distinctItems(), rank, w, threads);
      };
    }
  }

  static String problem(Configuration conf, String program, Configuration params) {
    InputSample.Kind kind = switch (program) {
      case "kmeans" -> InputSample.Kind.POINTS;
      case "sgd", "linear" -> InputSample.Kind.EXAMPLES;
      case "als" -> InputSample.Kind.RATINGS;
      default -> null;
    };
    if (kind == null) return null;
    YarnResources resources = YarnResources.from(params);
    String input = RunParams.INPUT.read(params::get);
    RecordFormat format = RunParams.FORMAT.read(params::get);
    Configuration splitting = new Configuration(conf);
    params.forEach(e -> splitting.set(e.getKey(), e.getValue()));
    int workers = resources.pools().total();
    ShardPlan plan;
    InputSample.Figures sample;
    try {
      plan = ShardPlan.of(splitting, input, workers);
      sample = InputSample.of(splitting, input, format, kind);
    } catch (IOException | IllegalArgumentException unreadable) {
      return null; // a missing or unreadable input is the program's to report, in its words
    }
    long total = 0;
    for (long b : plan.bytes()) total += b;
    long largestSplit = 0;
    for (int w = 0; w < workers; w++) {
      for (ShardPlan.Shard s : plan.shards(w)) largestSplit = Math.max(largestSplit, s.length());
    }
    if (sample.records() == 0) return null; // an empty input is refused later, by the program, in its words
    Integer k = kind == InputSample.Kind.POINTS ? KMeansParams.K.readIfSet(params::get) : null;
    int rank = kind == InputSample.Kind.RATINGS ? AlsParams.RANK.read(params::get) : 0;
    Estimate e = new Estimate(program, total, largestSplit, workers, sample, k == null ? 1 : k, rank,
        Math.max(1, resources.workerVcores()), resources.workerMemoryMb());
    return problem(e);
  }

  /** The refusal's one line, or null when a worker's heap holds its share. */
  static String problem(Estimate e) {
    long heap = heapOf(e.workerMemoryMb());
    long need;
    try {
      WorkerFootprint now = e.footprint(e.workers());
      need = now.fitsArrays() ? now.workerHeapBytes() : Long.MAX_VALUE;
    } catch (IllegalArgumentException beyond64Bits) {
      return "a worker's share of this input and model is beyond any heap (more than 2^63 bytes): use many more"
          + " --workers";
    }
    if (need <= heap) return null;
    int enough = workersThatFit(e, heap);
    String fix = need == Long.MAX_VALUE ? "" : "--worker-memory " + memoryMbFor(need);
    if (enough > 0) fix = "--workers " + enough + (fix.isEmpty() ? "" : " or " + fix);
    if (fix.isEmpty()) fix = "more --workers";
    String needs = need == Long.MAX_VALUE ? "more than one array's 2^31 values" : String.format(Locale.ROOT,
        "about %,d MB of heap", need >> 20);
    return String.format(Locale.ROOT, "each worker would need %s for its share of the input (%s, of %s on %d"
        + " worker%s) and the model, but --worker-memory %d gives it %,d MB: use %s", needs, holds(e),
        bytes(e.totalBytes()), e.workers(), e.workers() == 1 ? "" : "s", e.workerMemoryMb(), heap >> 20, fix);
  }

  /**
   * The fewest workers, more than now, whose shares fit; 0 when none does: the model alone is too large, or
   * (k-means, SGD) it would take more workers than the input has splits, since a worker holds whole splits.
   */
  static int workersThatFit(Estimate e, long heap) {
    int enough = WorkerFootprint.workersNeededFor(heap, e::footprint);
    if (enough <= e.workers()) return 0;
    if (!"als".equals(e.program()) && e.largestSplitBytes() > 0) {
      long splits = (e.totalBytes() + e.largestSplitBytes() - 1) / e.largestSplitBytes();
      if (enough > splits) return 0;
    }
    return enough;
  }

  /** The heap a container of {@code memoryMb} gives its worker JVM (-Xmx is 80% of it, {@code WorkerLaunch}). */
  static long heapOf(int memoryMb) {
    return Math.max(64L, memoryMb * 8L / 10) << 20;
  }

  /** The smallest --worker-memory, in MB rounded up to 256, whose heap holds {@code bytes}. */
  static long memoryMbFor(long bytes) {
    long mb = ((bytes >> 20) + 1) * 10 / 8 + 1;
    return (mb + 255) / 256 * 256;
  }

  private static String holds(Estimate e) {
    InputSample.Figures s = e.sample();
    long each = (e.records() + e.workers() - 1) / e.workers();
    return switch (e.program()) {
      case "kmeans" -> String.format(Locale.ROOT, "about %,d points of %d values each, k = %d", each,
          Math.round(s.valuesPerRecord()), e.k());
      case "sgd", "linear" -> String.format(Locale.ROOT, "about %,d examples of %.0f non-zeros each, %,d features", each,
          s.valuesPerRecord(), s.maxFeature());
      default -> String.format(Locale.ROOT, "about %,d ratings each, rank %d", each, e.rank());
    };
  }

  private static String bytes(long b) {
    if (b >= 1L << 30) return String.format(Locale.ROOT, "%.1f GB", b / (double) (1L << 30));
    return String.format(Locale.ROOT, "%,d MB", Math.max(1, b >> 20));
  }
}
