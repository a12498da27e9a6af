package org.shardtrain.mapreduce.program;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.host.program.AlsTool;
import org.shardtrain.host.program.KMeansTool;
import org.shardtrain.host.program.ModelFiles;
import org.shardtrain.host.program.ProgramTool;
import org.shardtrain.host.program.SgdTool;
import org.shardtrain.mapreduce.testing.BigText;
import org.shardtrain.mapreduce.testing.LocalRun;
import org.shardtrain.mapreduce.testing.Models;

/**
 * One large text file read in several map tasks (issue 19): the same model as from one split, on k-means, SGD
 * and ALS; its gzip copy (one split) and bzip2 copy (split) give it too; a malformed line in the third split
 * is named with the line number {@code grep -n} gives. The file is cut by {@code
 * mapreduce.input.fileinputformat.split.maxsize}, as a user would on a cluster (here the local filesystem's
 * 32 MB blocks would leave it whole).
 */
class SplitTextInputTest {
  static final long SPLIT = 2_000_000;
  @TempDir static Path tmp;
  static Configuration whole;
  static Configuration split;
  static Path points;

  @BeforeAll
  static void setUp() throws Exception {
    whole = LocalRun.conf(tmp);
    split = new Configuration(whole);
    split.setLong("mapreduce.input.fileinputformat.split.maxsize", SPLIT);
    points = BigText.points(tmp.resolve("points.csv"), 105_000, 10, 19);
    assertTrue(Files.size(points) >= 10_000_000, Files.size(points) + " bytes");
  }

  /** FileInputFormat's rule: splits of the maximum size while more than 1.1 of one remains, then the rest. */
  static long hadoopSplits(long length, long size) {
    long splits = 0;
    long remaining = length;
    while ((double) remaining / size > 1.1) {
      splits++;
      remaining -= size;
    }
    return remaining > 0 ? splits + 1 : splits;
  }

  static JsonNode run(Configuration conf, ProgramTool tool, String name, String... args) throws Exception {
    Path out = tmp.resolve(name);
    List<String> a = new ArrayList<>(List.of(args));
    a.addAll(List.of("--output", out.toString()));
    LocalRun.Result r = LocalRun.run(conf, tool, a.toArray(new String[0]));
    assertEquals(0, r.exit(), r.err());
    return LocalRun.metrics(out);
  }

  static JsonNode kmeans(Configuration conf, Path input, String name) throws Exception {
    return run(conf, new KMeansTool(), name, "--input", input.toString(), "--format", "csv", "--k", "3",
        "--init", "random", "--max-iter", "2", "--tol", "0");
  }

  @Test
  void kmeansGivesTheSameCentresFromOneSplitManySplitsGzipAndBzip2() throws Exception {
    JsonNode one = kmeans(whole, points, "km-whole");
    JsonNode many = kmeans(split, points, "km-split");
    JsonNode gz = kmeans(split, BigText.gzip(points), "km-gz");
    JsonNode bz = kmeans(split, BigText.bzip2(points), "km-bz2");
    assertEquals(1, one.get("input_splits").asLong(), one.toString());
    assertEquals(hadoopSplits(Files.size(points), SPLIT), many.get("input_splits").asLong(), many.toString());
    assertEquals(1, gz.get("input_splits").asLong(), "a gzip file is read whole: " + gz);
    assertTrue(bz.get("input_splits").asLong() > 1, "a bzip2 file is split: " + bz);
    double[] reference = Models.kmeans(tmp.resolve("km-whole")).centres();
    for (String name : new String[] {"km-split", "km-gz", "km-bz2"}) {
      assertArrayEquals(reference, Models.kmeans(tmp.resolve(name)).centres(), 1e-9, name);
    }
    for (JsonNode m : new JsonNode[] {many, gz, bz}) {
      assertEquals(105_000, m.get("records").asLong(), m.toString());
      assertEquals(one.get("wssse").asDouble(), m.get("wssse").asDouble(), 1e-9 * one.get("wssse").asDouble());
    }
  }

  @Test
  void sgdGivesTheSameWeightsFromOneSplitOrMany() throws Exception {
    Path examples = BigText.examples(tmp.resolve("examples.libsvm"), 20_000, 10, 23);
    Configuration small = new Configuration(whole);
    small.setLong("mapreduce.input.fileinputformat.split.maxsize", Files.size(examples) / 5 + 1);
    String[] args = {"--input", examples.toString(), "--format", "libsvm", "--loss", "logistic", "--epochs", "3",
        "--reg", "l2", "--lambda", "1e-3", "--intercept"};
    JsonNode one = run(whole, new SgdTool(), "sgd-whole", args);
    JsonNode many = run(small, new SgdTool(), "sgd-split", args);
    assertEquals(1, one.get("input_splits").asLong());
    assertEquals(5, many.get("input_splits").asLong(), many.toString());
    assertArrayEquals(ModelFiles.readLinear(whole, tmp.resolve("sgd-whole").toString()).weights(),
        ModelFiles.readLinear(whole, tmp.resolve("sgd-split").toString()).weights(), 1e-9);
  }

  @Test
  void alsGivesTheSameTestRmseFromOneSplitOrMany() throws Exception {
    Path ratings = BigText.ratings(tmp.resolve("ratings.tsv"), 60_000, 800, 300, 29);
    Configuration small = new Configuration(whole);
    small.setLong("mapreduce.input.fileinputformat.split.maxsize", Files.size(ratings) / 4 + 1);
    String[] args = {"--input", ratings.toString(), "--format", "tsv", "--rank", "4", "--max-iter", "2",
        "--test-fraction", "0.1"};
    JsonNode one = run(whole, new AlsTool(), "als-whole", args);
    JsonNode many = run(small, new AlsTool(), "als-split", args);
    assertEquals(1, one.get("input_splits").asLong());
    assertEquals(4, many.get("input_splits").asLong(), many.toString());
    assertEquals(one.get("test_rmse").asDouble(), many.get("test_rmse").asDouble(), 1e-9);
  }

  /** Hadoop numbers map tasks biggest split first; predict's part files still follow the input's lines. */
  @Test
  void predictWritesItsLinesInInputOrderAcrossSplits() throws Exception {
    kmeans(whole, points, "km-for-predict");
    Path out = tmp.resolve("predicted");
    // A split size that leaves the last split 5% larger (within the 1.1 slop): Hadoop numbers it first.
    Configuration uneven = new Configuration(whole);
    uneven.setLong("mapreduce.input.fileinputformat.split.maxsize", (long) (Files.size(points) / 4.05));
    LocalRun.Result r = LocalRun.run(uneven, new PredictTool(), "--model", tmp.resolve("km-for-predict").toString(),
        "--input", points.toString(), "--format", "csv", "--output", out.toString());
    assertEquals(0, r.exit(), r.err());
    List<Path> parts;
    try (var files = Files.list(out)) {
      parts = files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
    }
    assertEquals(4, parts.size(), parts.toString());
    List<String> input = Files.readAllLines(points);
    int line = 0;
    for (Path part : parts) {
      for (String predicted : Files.readAllLines(part)) {
        String firstValue = predicted.split("\t")[2].split(",")[0];
        assertEquals(Double.parseDouble(input.get(line).split(",")[0]), Double.parseDouble(firstValue), 0,
            part.getFileName() + ": line " + (line + 1) + " of the input");
        line++;
      }
    }
    assertEquals(input.size(), line);
  }

  @Test
  void aMalformedLineInTheThirdSplitIsNamedWithItsLineNumber() throws Exception {
    Path bad = Files.copy(points, tmp.resolve("points-bad.csv"));
    long line = BigText.lineStartingAfter(bad, 2 * SPLIT + 12_345);
    BigText.replaceLine(bad, line, "1,2,oops,4,5,6,7,8,9,10");
    List<Long> grep = BigText.grepN(bad, "oops");
    assertEquals(List.of(line), grep);

    LocalRun.Result fail = LocalRun.run(split, new KMeansTool(), "--input", bad.toString(), "--format", "csv",
        "--k", "3", "--init", "random", "--max-iter", "1", "--output", tmp.resolve("km-bad").toString());
    assertEquals(1, fail.exit(), fail.err());
    assertTrue(fail.err().contains(bad + ", line " + grep.get(0) + ": column 3 is not a number: 'oops'"), fail.err());

    // The importer reads the same splits and names the same line (it counts the lines before its split then).
    LocalRun.Result imported = LocalRun.run(split, new ImportTool(), "--type", "points", "--format", "csv", "--input",
        bad.toString(), "--output", tmp.resolve("imported-bad").toString());
    assertEquals(1, imported.exit(), imported.err());
    assertTrue(imported.err().contains(bad + ", line " + grep.get(0) + ": column 3 is not a number: 'oops'"),
        imported.err());

    Path out = tmp.resolve("km-skip");
    LocalRun.Result skip = LocalRun.run(split, new KMeansTool(), "--input", bad.toString(), "--format", "csv",
        "--k", "3", "--init", "random", "--max-iter", "1", "--on-bad-record", "skip", "--output", out.toString());
    assertEquals(0, skip.exit(), skip.err());
    String rejects;
    try (var files = Files.list(out.resolve("rejects"))) {
      rejects = files.filter(p -> !p.getFileName().toString().startsWith(".")).map(p -> {
        try {
          return Files.readString(p);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).reduce("", String::concat);
    }
    assertEquals(1, rejects.lines().count(), rejects);
    assertTrue(rejects.startsWith(bad.toUri().getPath()) || rejects.contains(bad.toString()), rejects);
    assertTrue(rejects.contains("\tline " + grep.get(0) + "\t"), rejects);
  }
}
