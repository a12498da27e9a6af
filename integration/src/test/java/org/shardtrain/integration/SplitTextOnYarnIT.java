package org.shardtrain.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.kmeans.KMeansModel;
import org.shardtrain.core.sgd.LinearModel;
import org.shardtrain.host.program.AlsTool;
import org.shardtrain.host.program.KMeansTool;
import org.shardtrain.host.program.SgdTool;
import org.shardtrain.mapreduce.testing.BigText;
import org.shardtrain.mapreduce.testing.LocalRun;
import org.shardtrain.mapreduce.testing.Models;

/**
 * One large text file on HDFS, as users keep their data, dealt across the YARN engine's workers split by split
 * (issue 19): the model equals the MapReduce engine's on the whole file read as one split; gzip and bzip2
 * copies give it too; a malformed line in the third split is named with the number {@code grep -n} gives; a
 * truncated gzip file is one error line.
 */
class SplitTextOnYarnIT {
  /** HDFS block size of the uploaded CSV: its splits (the mini cluster's smallest allowed block is 1 MB). */
  static final long BLOCK = 2L << 20;
  static MiniClusters cluster;
  static Configuration conf;
  static FileSystem fs;
  @TempDir static java.nio.file.Path scratch;
  static java.nio.file.Path points;
  static double[] mrCentres;
  static JsonNode mrMetrics;

  @BeforeAll
  static void start() throws Exception {
    cluster = MiniClusters.get();
    conf = cluster.clientConf();
    fs = cluster.fs();
    points = BigText.points(scratch.resolve("points.csv"), 105_000, 10, 19);
    assertTrue(Files.size(points) >= 10_000_000);
    upload(points, "/split/points.csv", BLOCK);
    // The reference: the MapReduce engine on the whole file in one split (the local runner's 32 MB blocks).
    LocalRun.Result mr = LocalRun.run(LocalRun.conf(scratch), new KMeansTool(), kmeansArgs(points.toString(),
        scratch.resolve("km-mr").toString()));
    assertEquals(0, mr.exit(), mr.err());
    mrMetrics = LocalRun.metrics(scratch.resolve("km-mr"));
    assertEquals(1, mrMetrics.get("input_splits").asLong());
    mrCentres = Models.kmeans(scratch.resolve("km-mr")).centres();
  }

  static void upload(java.nio.file.Path local, String to, long blockSize) throws Exception {
    try (InputStream in = Files.newInputStream(local);
         OutputStream out = fs.create(new Path(to), true, 1 << 16, (short) 1, blockSize)) {
      in.transferTo(out);
    }
  }

  static String[] kmeansArgs(String input, String output) {
    return new String[] {"--input", input, "--output", output, "--format", "csv", "--k", "3", "--init", "random",
        "--max-iter", "2", "--tol", "0"};
  }

  static LocalRun.Result onYarn(Configuration c, org.shardtrain.host.program.ProgramTool tool, String... args)
      throws Exception {
    return LocalRun.run(c, tool, ItFiles.concat(args, "--engine", "yarn", "--workers", "2", "--worker-memory", "512",
        "--am-memory", "512"));
  }

  @Test
  void oneLargeCsvIsDealtAcrossBothWorkersAndGivesTheMapReduceCentres() throws Exception {
    LocalRun.Result r = onYarn(conf, new KMeansTool(), kmeansArgs("/split/points.csv", "/split/out/km"));
    assertEquals(0, r.exit(), r.err());
    // The console's line per worker: both hold splits of the one file, dealt by their measured throughput
    // (GFLOP/s at start; on a busy machine two equal workers can measure 2:1), to within one split.
    Matcher share = Pattern.compile("worker (\\d) \\(.*?([0-9.]+) GFLOP/s, (\\d+)% of the input \\((\\d+) splits?\\)")
        .matcher(r.err());
    int workers = 0;
    int splits = 0;
    double[] gflops = new double[2];
    int[] percent = new int[2];
    while (share.find()) {
      int w = Integer.parseInt(share.group(1));
      gflops[w] = Double.parseDouble(share.group(2));
      percent[w] = Integer.parseInt(share.group(3));
      int held = Integer.parseInt(share.group(4));
      assertTrue(held >= 1, "worker " + w + " holds no split: " + r.err());
      splits += held;
      workers++;
    }
    long fileSplits = (Files.size(points) + BLOCK - 1) / BLOCK;
    for (int w = 0; w < 2; w++) {
      double fair = 100 * gflops[w] / (gflops[0] + gflops[1]);
      assertTrue(Math.abs(percent[w] - fair) <= 100.0 / fileSplits + 1,
          "worker " + w + " holds " + percent[w] + "% for " + Math.round(fair) + "% of the throughput: " + r.err());
    }
    assertEquals(2, workers, r.err());
    assertEquals(fileSplits, splits, r.err());
    KMeansModel onYarn = ItFiles.kmeans(conf, "/split/out/km/model/model.avro");
    assertCentresEqual(mrCentres, onYarn.centres());
    JsonNode m = ItFiles.metrics(fs, "/split/out/km");
    assertEquals(mrMetrics.get("wssse").asDouble(), m.get("wssse").asDouble(), 1e-9 * mrMetrics.get("wssse").asDouble());
    long held = 0;
    for (JsonNode w : m.get("workers")) {
      held += w.get("records").asLong();
    }
    assertEquals(105_000, held);
  }

  /** The file's first half gzip (one split), its second half bzip2 (split by -D): together the same data. */
  @Test
  void gzipAndBzip2HalvesGiveTheSameCentres() throws Exception {
    List<String> lines = Files.readAllLines(points);
    java.nio.file.Path first = Files.write(scratch.resolve("first.csv"), lines.subList(0, lines.size() / 2));
    java.nio.file.Path second = Files.write(scratch.resolve("second.csv"), lines.subList(lines.size() / 2, lines.size()));
    upload(BigText.gzip(first), "/split/compressed/a.csv.gz", 128L << 20);
    upload(BigText.bzip2(second), "/split/compressed/b.csv.bz2", 128L << 20);
    Configuration small = new Configuration(conf);
    small.setLong("mapreduce.input.fileinputformat.split.maxsize", 256 << 10);
    LocalRun.Result r = onYarn(small, new KMeansTool(), kmeansArgs("/split/compressed", "/split/out/km-compressed"));
    assertEquals(0, r.exit(), r.err());
    Matcher split = Pattern.compile("of the input \\((\\d+) splits?\\)").matcher(r.err());
    int splits = 0;
    while (split.find()) splits += Integer.parseInt(split.group(1));
    assertTrue(splits >= 3, "one gzip split and several bzip2 ones: " + r.err());
    assertCentresEqual(mrCentres, ItFiles.kmeans(conf, "/split/out/km-compressed/model/model.avro").centres());
  }

  @Test
  void aMalformedLineInTheThirdSplitIsNamedWithItsLineNumber() throws Exception {
    java.nio.file.Path bad = Files.copy(points, scratch.resolve("points-bad.csv"));
    long line = BigText.lineStartingAfter(bad, 2 * BLOCK + 54_321);
    BigText.replaceLine(bad, line, "1,2,3,4,oops,6,7,8,9,10");
    assertEquals(List.of(line), BigText.grepN(bad, "oops"));
    upload(bad, "/split/bad/points.csv", BLOCK);
    LocalRun.Result r = onYarn(conf, new KMeansTool(), kmeansArgs("/split/bad", "/split/out/bad"));
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.err().contains("/split/bad/points.csv, line " + line + ": column 5 is not a number: 'oops'"), r.err());
    assertTrue(!fs.exists(new Path("/split/out/bad/model")), "no model from a failed run");
    assertEquals(Files.size(bad), fs.getFileStatus(new Path("/split/bad/points.csv")).getLen(), "the input is untouched");
  }

  @Test
  void aTruncatedGzipFileIsOneErrorLine() throws Exception {
    java.nio.file.Path few = Files.write(scratch.resolve("few.csv"), Files.readAllLines(points).subList(0, 5000));
    byte[] gz = Files.readAllBytes(BigText.gzip(few));
    try (OutputStream out = fs.create(new Path("/split/cut/few.csv.gz"), true)) {
      out.write(java.util.Arrays.copyOf(gz, gz.length / 2));
    }
    LocalRun.Result r = onYarn(conf, new KMeansTool(), "--input", "/split/cut", "--output", "/split/out/cut",
        "--format", "csv", "--k", "2");
    assertEquals(1, r.exit(), r.err());
    List<String> said = r.err().lines().filter(l -> l.contains("few.csv.gz")).toList();
    assertEquals(1, said.size(), r.err());
    assertTrue(said.get(0).contains("truncated .gz file"), r.err());
    assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
  }

  @Test
  void sgdAndAlsOnSplitTextGiveTheMapReduceModels() throws Exception {
    java.nio.file.Path examples = BigText.examples(scratch.resolve("examples.libsvm"), 20_000, 10, 23);
    java.nio.file.Path ratings = BigText.ratings(scratch.resolve("ratings.tsv"), 60_000, 800, 300, 29);
    upload(examples, "/split/examples.libsvm", 128L << 20);
    upload(ratings, "/split/ratings.tsv", 128L << 20);
    Configuration small = new Configuration(conf);
    small.setLong("mapreduce.input.fileinputformat.split.maxsize", 256 << 10);
    Configuration local = LocalRun.conf(scratch);

    String[] sgd = {"--format", "libsvm", "--loss", "logistic", "--epochs", "3", "--reg", "l2", "--lambda", "1e-3",
        "--intercept"};
    LocalRun.Result y = onYarn(small, new SgdTool(), ItFiles.concat(sgd, "--input", "/split/examples.libsvm",
        "--output", "/split/out/sgd"));
    assertEquals(0, y.exit(), y.err());
    assertTrue(y.err().contains("splits)"), y.err());
    assertEquals(0, LocalRun.run(local, new SgdTool(), ItFiles.concat(sgd, "--input", examples.toString(), "--output",
        scratch.resolve("sgd-mr").toString())).exit());
    LinearModel onYarn = ItFiles.linear(conf, "/split/out/sgd/model/model.avro");
    LinearModel onMr = ItFiles.linear(local, scratch.resolve("sgd-mr/model/model.avro").toString());
    assertCentresEqual(onMr.weights(), onYarn.weights());

    String[] als = {"--format", "tsv", "--rank", "4", "--max-iter", "2", "--test-fraction", "0.1"};
    LocalRun.Result a = onYarn(small, new AlsTool(), ItFiles.concat(als, "--input", "/split/ratings.tsv",
        "--output", "/split/out/als"));
    assertEquals(0, a.exit(), a.err());
    assertEquals(0, LocalRun.run(local, new AlsTool(), ItFiles.concat(als, "--input", ratings.toString(), "--output",
        scratch.resolve("als-mr").toString())).exit());
    assertEquals(LocalRun.metrics(scratch.resolve("als-mr")).get("test_rmse").asDouble(),
        ItFiles.metrics(fs, "/split/out/als").get("test_rmse").asDouble(), 1e-9);
  }

  /** Hashed features (2^26 of them, as feature hashing makes): the model alone is over a 512 MB worker. */
  @Test
  void aRunThatCannotFitIsRefusedInOneLineWithinSecondsWithNothingWritten() throws Exception {
    try (OutputStream out = fs.create(new Path("/split/hashed/part-00000.libsvm"), true)) {
      for (int i = 0; i < 1000; i++) {
        out.write(((i % 2) + " " + (1 + i % 7) + ":1 " + (1 << 26) + ":0.5\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    int applications = applications();
    long started = System.nanoTime();
    LocalRun.Result r = onYarn(conf, new SgdTool(), "--input", "/split/hashed", "--format", "libsvm", "--loss",
        "logistic", "--output", "/split/out/hashed");
    double seconds = (System.nanoTime() - started) / 1e9;
    assertEquals(1, r.exit(), r.err());
    List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), r.err());
    assertTrue(lines.get(0).contains("67,108,864 features") && lines.get(0).contains("--worker-memory 512 gives it 409 MB")
        && lines.get(0).contains("use --worker-memory "), r.err());
    assertTrue(seconds < 20, "refused in " + seconds + " s");
    assertTrue(!fs.exists(new Path("/split/out/hashed")), "nothing written");
    int after = applications();
    assertEquals(applications, after, "no application submitted");
  }

  static int applications() throws Exception {
    try (org.apache.hadoop.yarn.client.api.YarnClient yarn = org.apache.hadoop.yarn.client.api.YarnClient.createYarnClient()) {
      yarn.init(conf);
      yarn.start();
      return yarn.getApplications().size();
    }
  }

  static void assertCentresEqual(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      double scale = Math.max(1e-12, Math.abs(expected[i]));
      assertTrue(Math.abs(expected[i] - actual[i]) / scale <= 1e-9, "element " + i + ": " + expected[i] + " vs " + actual[i]);
    }
  }
}
