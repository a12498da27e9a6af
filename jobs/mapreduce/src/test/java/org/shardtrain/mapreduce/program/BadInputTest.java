package org.shardtrain.mapreduce.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.host.program.KMeansTool;
import org.shardtrain.mapreduce.testing.LocalRun;

/** Every bad-input path ends in one line naming the problem, a non-zero exit, and untouched input. */
class BadInputTest {
  @TempDir static Path tmp;
  static Configuration conf;
  static Path badCsv;

  @BeforeAll
  static void setUp() throws Exception {
    conf = LocalRun.conf(tmp);
    badCsv = tmp.resolve("in/bad.csv");
    Files.createDirectories(badCsv.getParent());
    Files.writeString(badCsv, "1,2,3\n4,5,6\n7,x,9\n1,2\n10,11,12\n0,0,1\n");
  }

  private static LocalRun.Result kmeans(String... args) throws Exception {
    return LocalRun.run(conf, new KMeansTool(), args);
  }

  private static void assertOneLineError(LocalRun.Result r, int exit, String... expected) {
    assertEquals(exit, r.exit(), r.err());
    List<String> lines = r.err().lines().filter(l -> l.contains("error:")).toList();
    assertEquals(1, lines.size(), r.err());
    for (String e : expected) assertTrue(lines.get(0).contains(e), "wanted '" + e + "' in: " + lines.get(0));
    assertFalse(r.err().contains("\tat "), "no stack trace:\n" + r.err());
  }

  @Test
  void aMalformedLineStopsTheRunNamingFileLineAndReason() throws Exception {
    String before = digest(badCsv);
    Path out = tmp.resolve("fail");
    LocalRun.Result r = kmeans("--input", badCsv.toString(), "--format", "csv", "--output", out.toString(), "--k", "2");
    assertOneLineError(r, 1, badCsv.toUri().getPath() + ", line 3: column 2 is not a number: 'x'");
    assertEquals(before, digest(badCsv), "input untouched");
    assertFalse(Files.exists(out), "a failed run leaves no half output that would need --overwrite");
  }

  @Test
  void skipCountsRejectsAndSetsThemAside() throws Exception {
    Path out = tmp.resolve("skip");
    LocalRun.Result r = kmeans("--input", badCsv.toString(), "--format", "csv", "--output", out.toString(), "--k", "2",
        "--on-bad-record", "skip");
    assertEquals(0, r.exit(), r.err());
    JsonNode m = LocalRun.metrics(out);
    assertEquals(2, m.get("bad_records").asLong());
    assertEquals(4, m.get("records").asLong());
    List<String> rejects;
    try (Stream<Path> files = Files.list(out.resolve("rejects"))) {
      rejects = files.filter(p -> !p.getFileName().toString().startsWith(".")).flatMap(p -> {
        try {
          return Files.readAllLines(p).stream();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).sorted().toList();
    }
    assertEquals(2, rejects.size(), rejects.toString());
    assertTrue(rejects.get(0).endsWith("line 3\tcolumn 2 is not a number: 'x'\t7,x,9"), rejects.get(0));
    assertTrue(rejects.get(1).endsWith("line 4\texpected 3 values, found 2\t1,2"), rejects.get(1));
  }

  @Test
  void invalidOptionsAreUsageErrors() throws Exception {
    assertOneLineError(kmeans("--input", badCsv.toString(), "--output", tmp.resolve("o1").toString(), "--k", "0"),
        2, "--k (command line): 0 is invalid; k must be at least 1");
    assertOneLineError(kmeans("--input", badCsv.toString(), "--output", tmp.resolve("o1").toString()),
        2, "missing required option --k");
    assertOneLineError(kmeans("--input", badCsv.toString(), "--output", tmp.resolve("o1").toString(), "--k", "2",
        "--distance", "manhattan"), 2, "--distance (command line): cannot read 'manhattan' as euclidean|cosine");
    assertOneLineError(kmeans("--bogus"), 2, "unknown option --bogus");
  }

  @Test
  void kLargerThanThePointsMissingInputAndMixedDimensions() throws Exception {
    Path small = tmp.resolve("in-small/p.csv");
    Files.createDirectories(small.getParent());
    Files.writeString(small, "1,1\n2,2\n3,3\n");
    assertOneLineError(kmeans("--input", small.toString(), "--format", "csv", "--output", tmp.resolve("o2").toString(),
        "--k", "4"), 1, "--k 4 is larger than the number of points (3)");
    assertOneLineError(kmeans("--input", tmp.resolve("nothing-here").toString(), "--format", "csv",
        "--output", tmp.resolve("o3").toString(), "--k", "2"), 1, "does not exist");

    Path mixed = tmp.resolve("in-mixed");
    Files.createDirectories(mixed);
    Files.writeString(mixed.resolve("a.csv"), "1,1\n2,2\n");
    Files.writeString(mixed.resolve("b.csv"), "1,1,1\n");
    assertOneLineError(kmeans("--input", mixed.toString(), "--format", "csv", "--output", tmp.resolve("o4").toString(),
        "--k", "2"), 1, "b.csv, line 1: expected 2 values, found 3");
  }

  @Test
  void aZeroVectorUnderCosineIsNamed() throws Exception {
    Path zero = tmp.resolve("in-zero/p.csv");
    Files.createDirectories(zero.getParent());
    Files.writeString(zero, "1,1\n2,0\n0,0\n0,3\n");
    assertOneLineError(kmeans("--input", zero.toString(), "--format", "csv", "--output", tmp.resolve("oz").toString(),
        "--k", "2", "--distance", "cosine"), 1, "p.csv, line 3: a zero vector has no direction under cosine distance");
  }

  @Test
  void outputIsNeverOverwrittenWithoutOverwriteAndNeverOverlapsTheInput() throws Exception {
    Path small = tmp.resolve("in-ow/p.csv");
    Files.createDirectories(small.getParent());
    Files.writeString(small, "1,1\n2,2\n9,9\n");
    Path out = tmp.resolve("ow");
    Files.createDirectories(out);
    Files.writeString(out.resolve("keep.txt"), "precious");
    String[] a = {"--input", small.toString(), "--format", "csv", "--output", out.toString(), "--k", "2"};
    assertOneLineError(kmeans(a), 1, "already exists; pass --overwrite to replace it");
    assertEquals("precious", Files.readString(out.resolve("keep.txt")));
    String[] b = java.util.Arrays.copyOf(a, a.length + 1);
    b[a.length] = "--overwrite";
    assertEquals(0, kmeans(b).exit());
    assertFalse(Files.exists(out.resolve("keep.txt")));

    assertOneLineError(kmeans("--input", small.getParent().toString(), "--format", "csv", "--output",
        small.getParent().resolve("out").toString(), "--k", "2", "--overwrite"), 1, "overlap");
    assertOneLineError(kmeans("--input", small.toString(), "--format", "csv", "--output",
        small.getParent().toString(), "--k", "2", "--overwrite"), 1, "overlap");
    assertTrue(Files.exists(small), "input survives --overwrite aimed at it");

    // A keytab login needs both halves (SecureClusterIT runs the login itself on a Kerberos cluster).
    assertOneLineError(kmeans("--input", small.toString(), "--format", "csv", "--output", tmp.resolve("kt").toString(),
        "--k", "2", "--principal", "alice@EXAMPLE.COM"), 2, "--principal and --keytab go together");
    assertFalse(Files.exists(tmp.resolve("kt")));
    LocalRun.Result open = kmeans("--input", small.toString(), "--format", "csv", "--output", tmp.resolve("kt").toString(),
        "--k", "2", "--principal", "alice@EXAMPLE.COM", "--keytab", tmp.resolve("no.keytab").toString());
    assertEquals(0, open.exit(), open.err());
    assertTrue(open.err().contains("note: --principal and --keytab are not used: this cluster does not use Kerberos "
        + "(hadoop.security.authentication=simple)"), open.err());

    // Old checkpoints are pruned from the checkpoint directory: never one among the input either.
    String before = Files.readString(small);
    assertOneLineError(kmeans("--input", small.getParent().toString(), "--format", "csv", "--output",
        tmp.resolve("cp-out").toString(), "--k", "2", "--checkpoint-dir", small.getParent().toString()), 1,
        "checkpoint directory", "and input", "overlap; choose another --checkpoint-dir");
    assertFalse(Files.exists(tmp.resolve("cp-out")), "a refused run leaves no output");
    assertEquals(before, Files.readString(small));
    assertEquals(1, Files.list(small.getParent()).count(), "nothing written among the input");
  }

  @Test
  void aCorruptAvroFileIsNamed() throws Exception {
    Path avro = tmp.resolve("avro-in");
    LocalRun.Result imp = LocalRun.run(conf, new ImportTool(), "--type", "points", "--format", "csv",
        "--input", org.shardtrain.core.testing.Datasets.shipped("iris/points.csv").toString(),
        "--output", avro.toString(), "--shards", "2");
    assertEquals(0, imp.exit(), imp.err());
    Path shard = avro.resolve("part-r-00001.avro");
    byte[] bytes = Files.readAllBytes(shard);
    Files.write(shard, java.util.Arrays.copyOf(bytes, bytes.length - 40)); // truncate its last block
    Files.deleteIfExists(avro.resolve(".part-r-00001.avro.crc"));
    LocalRun.Result r = kmeans("--input", avro.toString(), "--output", tmp.resolve("o5").toString(), "--k", "3");
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.err().contains("part-r-00001.avro"), r.err());
  }

  @Test
  void importSkipsAndReportsBadLines() throws Exception {
    Path out = tmp.resolve("import-skip");
    LocalRun.Result r = LocalRun.run(conf, new ImportTool(), "--type", "points", "--format", "csv",
        "--input", badCsv.toString(), "--output", out.toString(), "--shards", "2", "--on-bad-record", "skip");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("4 records into 2 Avro shards") && r.out().contains("2 bad records"), r.out());
    LocalRun.Result fail = LocalRun.run(conf, new ImportTool(), "--type", "points", "--format", "csv",
        "--input", badCsv.toString(), "--output", tmp.resolve("import-fail").toString());
    assertOneLineError(fail, 1, "bad.csv, line 3: column 2 is not a number: 'x'");
  }

  private static String digest(Path p) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
  }
}
