package org.shardtrain.yarn.client;

import java.io.IOException;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.shardtrain.core.als.AlsParams;
import org.shardtrain.core.io.RecordFormat;
import org.shardtrain.core.kmeans.KMeansParams;
import org.shardtrain.core.param.RunParams;
import org.shardtrain.core.param.WorkerHeap;
import org.shardtrain.formats.InputSample;
import org.shardtrain.yarn.am.ShardPlan;
import org.shardtrain.yarn.am.YarnResources;

/**
 * Refuses, before the application is submitted (so before any container starts, and with nothing written), a
 * run whose workers' heaps cannot hold their share of the input and the model, and names a {@code --workers}
 * or {@code --worker-memory} that would. Spark users meet this as an OutOfMemoryError an hour in.
 *
 * <p>The share is the largest of an even deal of the input's splits ({@link ShardPlan}, as the AM first asks
 * for containers); records per byte and per-record sizes come from the head of the input
 * ({@link InputSample}); the heap per record and for the model from {@link WorkerHeap}. An estimate: it refuses
 * only what would clearly not fit. For ALS the factor rows are those the sample saw (the number of users and
 * items is not known before the ratings are read), so only the ratings and the solver are really checked.
 */
final class WorkerMemoryCheck {
  private WorkerMemoryCheck() {}

  /** What a worker would hold, from the input and the parameters; {@link #heapFor} turns a share into bytes. */
  record Estimate(String program, long totalBytes, long largestShareBytes, long largestSplitBytes, int workers,
                  InputSample.Figures sample, int k, int rank, int threads, int workerMemoryMb) {

    long recordsIn(long bytes) {
      return (long) Math.ceil(bytes * sample.recordsPerByte());
    }

    /** The heap a worker holding {@code bytes} of input needs (ALS: ratings are dealt evenly by hash). */
    long heapFor(long bytes, int workersNow) {
      return switch (program) {
        case "kmeans" -> WorkerHeap.kmeans(recordsIn(bytes), (int) Math.round(sample.valuesPerRecord()), k, threads);
        case "sgd" -> WorkerHeap.sgd(recordsIn(bytes), sample.valuesPerRecord(), sample.maxFeature());
        case "als" -> WorkerHeap.als(recordsIn(totalBytes) / workersNow + 1,
            (sample.distinctUsers() + sample.distinctItems()) / workersNow + 1, rank, threads);
        default -> 0;
      };
    }
  }

  static String problem(Configuration conf, String program, Configuration params) {
    InputSample.Kind kind = switch (program) {
      case "kmeans" -> InputSample.Kind.POINTS;
      case "sgd" -> InputSample.Kind.EXAMPLES;
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
    long largest = 0;
    for (long b : plan.bytes()) {
      total += b;
      largest = Math.max(largest, b);
    }
    long largestSplit = 0;
    for (int w = 0; w < workers; w++) {
      for (ShardPlan.Shard s : plan.shards(w)) largestSplit = Math.max(largestSplit, s.length());
    }
    if (sample.records() == 0) return null; // an empty input is refused later, by the program, in its words
    Integer k = kind == InputSample.Kind.POINTS ? KMeansParams.K.readIfSet(params::get) : null;
    int rank = kind == InputSample.Kind.RATINGS ? AlsParams.RANK.read(params::get) : 0;
    Estimate e = new Estimate(program, total, largest, largestSplit, workers, sample, k == null ? 1 : k, rank,
        Math.max(1, resources.workerVcores()), resources.workerMemoryMb());
    return problem(e);
  }

  /** The refusal's one line, or null when a worker's heap holds its share. */
  static String problem(Estimate e) {
    long heap = WorkerHeap.heapOf(e.workerMemoryMb());
    long need;
    try {
      need = e.heapFor(e.largestShareBytes(), e.workers());
    } catch (ArithmeticException overflow) {
      return "a worker's share of this input and model is beyond any heap (more than 2^63 bytes): use many more"
          + " --workers";
    }
    if (need <= heap) return null;
    String fix = "--worker-memory " + WorkerHeap.memoryMbFor(need);
    int enough = workersThatFit(e, heap);
    if (enough > 0) fix = "--workers " + enough + " or " + fix;
    return String.format(Locale.ROOT, "each worker would need about %,d MB of heap for its share of the input"
        + " (%s, %d%% of %s) and the model, but --worker-memory %d gives it %,d MB: use %s",
        need >> 20, holds(e), Math.round(100.0 * e.largestShareBytes() / Math.max(1, e.totalBytes())),
        bytes(e.totalBytes()), e.workerMemoryMb(), heap >> 20, fix);
  }

  /** The fewest workers, more than now, whose even shares fit; 0 when no number does (the model alone). */
  static int workersThatFit(Estimate e, long heap) {
    // A worker holds whole splits: beyond one split each, more workers cannot shrink the largest share.
    long splitsWorth = e.largestSplitBytes() == 0 ? 1 : (e.totalBytes() + e.largestSplitBytes() - 1) / e.largestSplitBytes();
    long most = Math.min(Integer.MAX_VALUE, "als".equals(e.program()) ? 100_000 : Math.max(e.workers(), splitsWorth));
    long low = e.workers() + 1L;
    if (low > most || !fits(e, most, heap)) return 0;
    long high = most;
    while (low < high) {
      long mid = (low + high) >>> 1;
      if (fits(e, mid, heap)) high = mid;
      else low = mid + 1;
    }
    return (int) low;
  }

  private static boolean fits(Estimate e, long workers, long heap) {
    long share = Math.max((e.totalBytes() + workers - 1) / workers, Math.min(e.largestSplitBytes(), e.totalBytes()));
    try {
      return e.heapFor(share, (int) workers) <= heap;
    } catch (ArithmeticException overflow) {
      return false;
    }
  }

  private static String holds(Estimate e) {
    long records = "als".equals(e.program()) ? e.recordsIn(e.totalBytes()) / e.workers()
        : e.recordsIn(e.largestShareBytes());
    InputSample.Figures s = e.sample();
    return switch (e.program()) {
      case "kmeans" -> String.format(Locale.ROOT, "about %,d points of %d values, k = %d", records,
          Math.round(s.valuesPerRecord()), e.k());
      case "sgd" -> String.format(Locale.ROOT, "about %,d examples of %.0f non-zeros, %,d features", records,
          s.valuesPerRecord(), s.maxFeature());
      default -> String.format(Locale.ROOT, "about %,d ratings, rank %d", records, e.rank());
    };
  }

  private static String bytes(long b) {
    if (b >= 1L << 30) return String.format(Locale.ROOT, "%.1f GB", b / (double) (1L << 30));
    return String.format(Locale.ROOT, "%,d MB", Math.max(1, b >> 20));
  }
}
