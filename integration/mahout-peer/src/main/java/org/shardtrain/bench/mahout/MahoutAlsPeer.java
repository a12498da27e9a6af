package org.shardtrain.bench.mahout;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.util.ToolRunner;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.ConsoleAppender;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.PatternLayout;
import org.apache.log4j.spi.LoggingEvent;
import org.apache.mahout.cf.taste.hadoop.als.ParallelALSFactorizationJob;
import org.apache.mahout.common.RandomUtils;
import org.apache.mahout.math.Vector;
import org.apache.mahout.math.VectorWritable;

/**
 * Mahout 0.13's MapReduce ALS ({@code ParallelALSFactorizationJob}, explicit feedback) on Hadoop 2's local job
 * runner, timed, with the test RMSE computed here from the factor matrices it writes (U and M, SequenceFiles of
 * IntWritable → VectorWritable; the prediction is U[u]·M[i], as Mahout's FactorizationEvaluator does). Test
 * ratings of users or items absent from training are dropped (shardtrain's default {@code --cold-start drop}).
 *
 * <pre>
 * MahoutAlsPeer --train T.tsv --test T.tsv --work DIR --rank 10 --lambda 0.1 --iterations 15
 *               [--poll-ms MS] [--threads N] [--fixed-seed true]
 * </pre>
 *
 * {@code --poll-ms} sets both job-client polling intervals (Mahout waits with {@code waitForCompletion(true)},
 * which sleeps {@code mapreduce.client.progressmonitor.pollinterval}, default 1000 ms; the non-verbose wait
 * sleeps {@code mapreduce.client.completion.pollinterval}); unset, Hadoop's defaults stay. {@code --threads}:
 * Mahout's {@code numThreadsPerSolver} and the local runner's parallel map tasks (default: the cores).
 *
 * {@code --fixed-seed true}: Mahout's {@code RandomUtils.useTestSeed()}, so its random initial M (and so its
 * test RMSE) is the same on every run; without it each run starts elsewhere (test RMSE seen to move by 0.015).
 *
 * Prints one line: {@code mahout-als key=value ...} with seconds per iteration (median, mean, each iteration
 * from the job's "Recomputing U (iteration i/n)" log events to the next, the last one to the end of the run),
 * the preparation before the first iteration, the total, and the test RMSE.
 */
public final class MahoutAlsPeer {
  private MahoutAlsPeer() {}

  /** Nanosecond times of the job's "Recomputing U" events, one per iteration. */
  static final class IterationClock extends AppenderSkeleton {
    final List<Long> starts = new ArrayList<>();

    @Override protected synchronized void append(LoggingEvent event) {
      Object m = event.getMessage();
      if (m != null && m.toString().startsWith("Recomputing U")) starts.add(System.nanoTime());
    }

    @Override public void close() {}

    @Override public boolean requiresLayout() { return false; }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --name value, got " + args[i]);
      a.put(args[i].substring(2), args[i + 1]);
    }
    String train = required(a, "train");
    String test = required(a, "test");
    File work = new File(required(a, "work")).getAbsoluteFile();
    int rank = Integer.parseInt(a.getOrDefault("rank", "10"));
    double lambda = Double.parseDouble(a.getOrDefault("lambda", "0.1"));
    int iterations = Integer.parseInt(a.getOrDefault("iterations", "15"));
    int threads = Integer.parseInt(a.getOrDefault("threads", String.valueOf(Runtime.getRuntime().availableProcessors())));
    String pollMs = a.get("poll-ms");
    boolean fixedSeed = Boolean.parseBoolean(a.getOrDefault("fixed-seed", "false"));
    if (fixedSeed) RandomUtils.useTestSeed();

    Logger.getRootLogger().removeAllAppenders();
    Logger.getRootLogger().addAppender(new ConsoleAppender(new PatternLayout("%d{HH:mm:ss,SSS} %p %c{1}: %m%n"),
        ConsoleAppender.SYSTEM_ERR));
    Logger.getRootLogger().setLevel(Level.toLevel(a.getOrDefault("log-level", "WARN")));
    IterationClock clock = new IterationClock();
    Logger alsLog = Logger.getLogger(ParallelALSFactorizationJob.class);
    Logger.getLogger("org.apache.hadoop.conf.Configuration").setLevel(Level.ERROR);
    alsLog.setLevel(Level.INFO);
    alsLog.addAppender(clock);

    deleteRecursively(work);
    Configuration conf = new Configuration();
    conf.set("fs.defaultFS", "file:///");
    conf.set("mapreduce.framework.name", "local");
    conf.set("hadoop.tmp.dir", new File(work, "hadoop-tmp").getPath());
    conf.set("mapreduce.jobtracker.staging.root.dir", new File(work, "staging").getPath());
    conf.setInt("mapreduce.local.map.tasks.maximum", threads);
    if (pollMs != null) {
      conf.set("mapreduce.client.progressmonitor.pollinterval", pollMs);
      conf.set("mapreduce.client.completion.pollinterval", pollMs);
    }
    Path output = new Path(new File(work, "out").toURI());
    String[] jobArgs = {
        "--input", new Path(new File(train).getAbsoluteFile().toURI()).toString(),
        "--output", output.toString(),
        "--tempDir", new Path(new File(work, "tmp").toURI()).toString(),
        "--lambda", String.valueOf(lambda),
        "--implicitFeedback", "false",
        "--numFeatures", String.valueOf(rank),
        "--numIterations", String.valueOf(iterations),
        "--numThreadsPerSolver", String.valueOf(threads)};
    long t0 = System.nanoTime();
    int rc = ToolRunner.run(conf, new ParallelALSFactorizationJob(), jobArgs);
    long t1 = System.nanoTime();
    if (rc != 0) throw new IllegalStateException("ParallelALSFactorizationJob exited with " + rc);

    List<Long> starts = clock.starts;
    double[] perIter = new double[starts.size()];
    for (int i = 0; i < starts.size(); i++) {
      long end = i + 1 < starts.size() ? starts.get(i + 1) : t1;
      perIter[i] = (end - starts.get(i)) / 1e9;
    }
    double prep = starts.isEmpty() ? Double.NaN : (starts.get(0) - t0) / 1e9;

    FileSystem fs = FileSystem.getLocal(conf);
    Map<Integer, double[]> u = readFactors(fs, conf, new Path(output, "U"));
    Map<Integer, double[]> m = readFactors(fs, conf, new Path(output, "M"));
    double[] testErr = squaredErrors(test, u, m);
    double[] trainErr = squaredErrors(train, u, m);
    double[] sorted = perIter.clone();
    Arrays.sort(sorted);
    double median = sorted.length == 0 ? Double.NaN : sorted.length % 2 == 1 ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    double mean = Arrays.stream(perIter).average().orElse(Double.NaN);
    StringBuilder each = new StringBuilder();
    for (double s : perIter) each.append(each.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", s));
    System.out.printf(Locale.ROOT, "mahout-als rank=%d lambda=%s iterations=%d threads=%d poll_ms=%s users=%d items=%d"
            + " fixed_seed=%s median_s=%.3f mean_s=%.3f prep_s=%.3f total_s=%.3f total_per_iter_s=%.3f test_rmse=%.6f"
            + " test_ratings=%d test_dropped=%d train_rmse=%.6f iter_s=%s%n",
        rank, lambda, iterations, threads, pollMs == null ? "default" : pollMs, u.size(), m.size(), fixedSeed, median, mean,
        prep, (t1 - t0) / 1e9, (t1 - t0) / 1e9 / iterations, Math.sqrt(testErr[1] / testErr[0]), (long) testErr[0],
        (long) testErr[2], Math.sqrt(trainErr[1] / trainErr[0]), each);
  }

  /** {count, sum of squared errors, dropped} of U[u]·M[i] over a ratings file; unseen users or items dropped. */
  private static double[] squaredErrors(String file, Map<Integer, double[]> u, Map<Integer, double[]> m)
      throws IOException {
    double sse = 0;
    long n = 0;
    long dropped = 0;
    try (BufferedReader r = Files.newBufferedReader(new File(file).toPath(), StandardCharsets.UTF_8)) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank()) continue;
        String[] f = line.split("[\t,]");
        double[] x = u.get(Integer.parseInt(f[0].trim()));
        double[] y = m.get(Integer.parseInt(f[1].trim()));
        if (x == null || y == null) { dropped++; continue; }
        double p = 0;
        for (int k = 0; k < x.length; k++) p += x[k] * y[k];
        double e = Double.parseDouble(f[2].trim()) - p;
        sse += e * e;
        n++;
      }
    }
    return new double[] {n, sse, dropped};
  }

  private static Map<Integer, double[]> readFactors(FileSystem fs, Configuration conf, Path dir) throws IOException {
    Map<Integer, double[]> out = new HashMap<>();
    FileStatus[] parts = fs.isDirectory(dir) ? fs.listStatus(dir) : new FileStatus[] {fs.getFileStatus(dir)};
    for (FileStatus part : parts) {
      String name = part.getPath().getName();
      if (name.startsWith("_") || name.startsWith(".")) continue;
      try (SequenceFile.Reader reader = new SequenceFile.Reader(fs, part.getPath(), conf)) {
        IntWritable key = new IntWritable();
        VectorWritable value = new VectorWritable();
        while (reader.next(key, value)) {
          Vector v = value.get();
          double[] x = new double[v.size()];
          for (int k = 0; k < x.length; k++) x[k] = v.getQuick(k);
          out.put(key.get(), x);
        }
      }
    }
    if (out.isEmpty()) throw new IllegalStateException("no factors in " + dir);
    return out;
  }

  private static String required(Map<String, String> a, String name) {
    String v = a.get(name);
    if (v == null) throw new IllegalArgumentException("missing --" + name);
    return v;
  }

  private static void deleteRecursively(File f) throws IOException {
    if (!f.exists()) return;
    File[] children = f.listFiles();
    if (children != null) for (File c : children) deleteRecursively(c);
    Files.delete(f.toPath());
  }
}
