package org.shardtrain.mapreduce.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.testing.Datasets;
import org.shardtrain.host.program.KMeansTool;
import org.shardtrain.host.program.OutputLock;
import org.shardtrain.host.program.ProgramTool;
import org.shardtrain.host.program.RunOutput;
import org.shardtrain.host.program.TrainingRun;
import org.shardtrain.mapreduce.testing.LocalRun;

/**
 * Failures that used to say the wrong thing (issue 24): each now says what it is in one line, exit 1 —
 * inputs that are not UTF-8 text or are cut short, an output that cannot be created, a second run on an
 * output another run is writing, and an interrupted run rerun without --resume.
 */
class FailureMessagesTest {
  @TempDir static Path tmp;
  static Configuration conf;
  static Path iris;

  @BeforeAll
  static void setUp() {
    conf = LocalRun.conf(tmp);
    iris = Datasets.shipped("iris/points.csv");
  }

  @Test
  void inputsThatAreNotUtf8TextOrAreCutShortAreNamedAsSuch() throws Exception {
    String text = Files.readString(iris);
    Path utf16 = Files.write(tmp.resolve("utf16.csv"), bytes(text, StandardCharsets.UTF_16));
    Path bom = Files.write(tmp.resolve("bom.csv"), concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
        text.getBytes(StandardCharsets.UTF_8)));
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    byte[] whole = gz.toByteArray();
    Path truncated = Files.write(tmp.resolve("cut.csv.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
    Object[][] cases = {
        {utf16, new String[] {"utf16.csv", "line 1", "NUL bytes", "UTF-16"}},
        {bom, new String[] {"bom.csv", "line 1", "UTF-8 byte-order mark"}},
        {truncated, new String[] {"cut.csv.gz", "truncated .gz file"}},
    };
    List<String> failures = new ArrayList<>();
    for (Object[] c : cases) {
      Path out = tmp.resolve("out-" + ((Path) c[0]).getFileName());
      LocalRun.Result r = LocalRun.run(conf, new KMeansTool(), "--input", c[0].toString(), "--format", "csv", "--k",
          "3", "--output", out.toString(), "--quiet");
      String problem = DataLossTest.oneLineFailure(r, (String[]) c[1]);
      if (problem == null && Files.exists(out)) problem = "left " + out;
      if (problem != null) failures.add(c[0] + ": " + problem + "\n" + r.err());
    }
    // The whole .gz, for contrast, is read as Hadoop's TextInputFormat reads it.
    Path good = Files.write(tmp.resolve("whole.csv.gz"), whole);
    LocalRun.Result r = LocalRun.run(conf, new KMeansTool(), "--input", good.toString(), "--format", "csv", "--k", "3",
        "--seed", "1", "--output", tmp.resolve("out-whole").toString(), "--quiet");
    if (r.exit() != 0 || LocalRun.metrics(tmp.resolve("out-whole")).get("records").asLong() != 150) {
      failures.add("the whole .gz: exit " + r.exit() + "\n" + r.err());
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void anOutputThatCannotBeCreatedSaysWhy() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    LocalRun.Result r = LocalRun.run(conf, new KMeansTool(), "--input", iris.toString(), "--format", "csv", "--k", "3",
        "--output", file.resolve("out").toString(), "--quiet");
    assertEquals(null, DataLossTest.oneLineFailure(r, "cannot create the output", "a-file is a file, not a folder"),
        r.err());
  }

  @Test
  void anOutputUnderAReadOnlyFolderSaysSo() throws Exception {
    Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
        "runs as root, whom folder permissions do not stop: a read-only folder cannot be made here");
    Path readOnly = Files.createDirectories(tmp.resolve("read-only"));
    readOnly.toFile().setWritable(false, false);
    try {
      LocalRun.Result r = LocalRun.run(conf, new KMeansTool(), "--input", iris.toString(), "--format", "csv", "--k",
          "3", "--output", readOnly.resolve("out").toString(), "--quiet");
      assertEquals(null, DataLossTest.oneLineFailure(r, "cannot create the output", "is not writable"), r.err());
    } finally {
      readOnly.toFile().setWritable(true, false);
    }
  }

  @Test
  void aSecondRunOnAnOutputBeingWrittenIsRefusedAndAGoneOnesLockIsTakenOver() throws Exception {
    Path out = tmp.resolve("locked");
    assertEquals(0, LocalRun.run(conf, new KMeansTool(), "--input", iris.toString(), "--format", "csv", "--k", "3",
        "--seed", "1", "--output", out.toString(), "--quiet").exit());
    // Another run holds the output (a program on another thread of this JVM, as a second process would).
    ExecutorService other = Executors.newSingleThreadExecutor();
    RunOutput first = other.submit(() -> {
      RunOutput o = new RunOutput(conf, out.toString());
      o.prepare(conf, iris.toString(), false, true);
      return o;
    }).get();
    String before = DataLossTest.digest(out);
    LocalRun.Result second = LocalRun.run(conf, new KMeansTool(), "--input", iris.toString(), "--format", "csv", "--k",
        "2", "--output", out.toString(), "--overwrite", "--quiet");
    assertEquals(null, DataLossTest.oneLineFailure(second, "is being written by another run", "_lock"), second.err());
    assertEquals(before, DataLossTest.digest(out), "the refused run changed the output");
    other.submit(first::release).get();
    other.shutdown();
    assertFalse(Files.exists(out.resolve(OutputLock.NAME)), "release left the lock");

    // A lock left by a process that has ended on this host (kill -9) does not block the rerun.
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.writeString(out.resolve(OutputLock.NAME), "token=x\nuser=someone\nhost="
        + java.net.InetAddress.getLocalHost().getCanonicalHostName() + "\npid=" + gone.pid() + "\n");
    LocalRun.Result rerun = LocalRun.run(conf, new KMeansTool(), "--input", iris.toString(), "--format", "csv", "--k",
        "2", "--output", out.toString(), "--overwrite", "--quiet");
    assertEquals(0, rerun.exit(), rerun.err());
    assertFalse(Files.exists(out.resolve(OutputLock.NAME)), "a finished run left its lock");
    assertTrue(FileSystem.getLocal(conf).exists(new org.apache.hadoop.fs.Path(out.resolve("model").toUri())));
  }

  @Test
  void anInterruptedRunRerunWithoutResumeIsToldAboutResume() throws Exception {
    Path out = tmp.resolve("interrupted");
    Configuration crashing = new Configuration(conf);
    crashing.setInt(TrainingRun.FAIL_AFTER_ITERATION, 2);
    String[] args = {"--input", iris.toString(), "--format", "csv", "--k", "3", "--output", out.toString(), "--quiet",
        "--tol", "0"};
    assertEquals(ProgramTool.FAILED_CLUSTER, LocalRun.run(crashing, new KMeansTool(), args).exit());
    LocalRun.Result again = LocalRun.run(conf, new KMeansTool(), args);
    assertEquals(null, DataLossTest.oneLineFailure(again, "already exists", "--overwrite", "--resume"), again.err());
  }

  @Test
  void moreShardsThanTheInputCanFillAreRefusedAtOnce() throws Exception {
    Path three = Files.writeString(tmp.resolve("three-rows.csv"), "1,2\n3,4\n5,6\n");
    Path out = tmp.resolve("shards-out");
    long started = System.nanoTime();
    LocalRun.Result r = LocalRun.run(conf, new ImportTool(), "--type", "points", "--format", "csv", "--input",
        three.toString(), "--output", out.toString(), "--shards", "100000");
    assertEquals(null, DataLossTest.oneLineFailure(r, "--shards 100000 is more than the input can fill",
        "at most 6 records"), r.err());
    assertTrue(System.nanoTime() - started < 10e9, "took " + (System.nanoTime() - started) / 1e9 + " s");
    assertFalse(Files.exists(out));
  }

  /**
   * A full disk under the local job runner (which reports the task's failure only as "NA") is named, with
   * the folder and its free bytes. Needs a small filesystem of its own: a tmpfs, mounted where the test may.
   */
  @Test
  void aFullDiskSaysNoSpaceLeftAndWhere() throws Exception {
    Path full = Files.createDirectories(tmp.resolve("full"));
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", full.toString())
        .redirectErrorStream(true).start();
    String said = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    Assumptions.assumeTrue(mount.waitFor() == 0, "cannot mount a small tmpfs here (" + said + "): not root, or "
        + "no CAP_SYS_ADMIN; a full disk is not simulated");
    try {
      StringBuilder csv = new StringBuilder();
      java.util.Random random = new java.util.Random(1);
      for (int i = 0; i < 20_000; i++) csv.append(random.nextGaussian()).append(',').append(random.nextGaussian()).append('\n');
      Path points = Files.writeString(tmp.resolve("many.csv"), csv);
      LocalRun.Result r = LocalRun.run(conf, new ImportTool(), "--type", "points", "--format", "csv", "--input",
          points.toString(), "--output", full.resolve("out").toString(), "--shards", "1");
      List<String> errors = r.err().lines().filter(l -> l.contains("error:")).toList();
      assertEquals(ProgramTool.FAILED_CLUSTER, r.exit(), r.err());
      assertEquals(1, errors.size(), r.err());
      assertTrue(errors.get(0).contains("no space left on device") && errors.get(0).contains(full.toString()), r.err());
      assertFalse(r.err().contains("\tat "), r.err());
    } finally {
      // Lazily: the failed job may still hold a file open there until its streams are collected.
      new ProcessBuilder("umount", "-l", full.toString()).start().waitFor();
    }
  }

  private static byte[] bytes(String s, java.nio.charset.Charset cs) { return s.getBytes(cs); }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
