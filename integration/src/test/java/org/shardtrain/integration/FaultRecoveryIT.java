package org.shardtrain.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.kmeans.KMeansModel;
import org.shardtrain.core.sgd.LinearModel;
import org.shardtrain.core.testing.Datasets;
import org.shardtrain.host.ShardtrainDriver;
import org.shardtrain.host.program.KMeansTool;
import org.shardtrain.host.program.SgdTool;
import org.shardtrain.mapreduce.testing.LocalRun;
import org.shardtrain.yarn.worker.WorkerMain;

/**
 * Issue 6's faults, for real: the ApplicationMaster's JVM killed with SIGKILL mid-run (YARN starts a second
 * attempt, which resumes from the HDFS checkpoint), a corrupted newest checkpoint on HDFS, and the MapReduce
 * driver's JVM killed mid-run and rerun with --resume. Each ends with the model of an unfaulted run (the
 * MapReduce engine with the local runner on the same data, as the reference).
 */
class FaultRecoveryIT {
  static MiniClusters cluster;
  static Configuration conf;
  static FileSystem fs;
  @TempDir static java.nio.file.Path scratch;

  @BeforeAll
  static void start() throws Exception {
    cluster = MiniClusters.get();
    conf = cluster.clientConf();
    fs = cluster.fs();
  }

  static void assertRelativelyClose(double[] expected, double[] actual, double tolerance) {
    YarnEngineIT.assertRelativelyClose(expected, actual, tolerance);
  }

  @Test
  void aKilledApplicationMasterIsReplacedAndTheNewAttemptResumesFromTheCheckpoint() throws Exception {
    java.nio.file.Path data = Datasets.shipped("breast-cancer/data.libsvm");
    ItFiles.shardedCopy(fs, data, "/faults/bc", 2);
    String[] common = {"--loss", "logistic", "--reg", "l2", "--lambda", "1e-3", "--step", "0.5", "--schedule", "adagrad",
        "--epochs", "12", "--averaging", "gradient", "--format", "libsvm", "--seed", "4"};
    Configuration slow = new Configuration(conf);
    slow.setLong(WorkerMain.PASS_DELAY, 600); // ~0.6 s per pass: time to kill the AM mid-run
    String output = "/faults/out/bc-am";
    LocalRun.Result[] yarn = new LocalRun.Result[1];
    Thread run = new Thread(() -> {
      try {
        yarn[0] = LocalRun.run(slow, new SgdTool(), ItFiles.concat(common, "--engine", "yarn", "--workers", "2",
            "--worker-memory", "512", "--am-memory", "512", "--input", "/faults/bc", "--output", output));
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    run.start();
    ItFiles.await("checkpoint 3", 300, () -> ItFiles.exists(fs, output + "/_checkpoints/checkpoint-000003.avro"));
    ProcessHandle am = ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("")
        .matches(".*org\\.shardtrain\\.yarn\\.am\\.AppMaster sgd( .*)?")).findFirst().orElseThrow();
    assertTrue(am.destroyForcibly(), "could not kill the ApplicationMaster");
    run.join(300_000);
    assertEquals(0, yarn[0].exit(), yarn[0].err());
    assertTrue(yarn[0].err().contains("ApplicationMaster attempt 1 was lost; attempt 2 continues"), yarn[0].err());

    LocalRun.Result mr = LocalRun.run(LocalRun.conf(scratch), new SgdTool(), ItFiles.concat(common, "--input",
        data.toString(), "--output", scratch.resolve("bc-mr").toString()));
    assertEquals(0, mr.exit(), mr.err());
    LinearModel onYarn = ItFiles.linear(conf, output + "/model/model.avro");
    LinearModel reference = ItFiles.linear(LocalRun.conf(scratch), scratch.resolve("bc-mr/model/model.avro").toString());
    assertRelativelyClose(reference.weights(), onYarn.weights(), 1e-9);
    assertRelativelyClose(new double[] {reference.intercept()}, new double[] {onYarn.intercept()}, 1e-9);

    JsonNode m = ItFiles.metrics(fs, output);
    assertEquals(12, m.get("iterations").asInt());
    assertEquals(12, m.get("history").size(), "the history of attempt 1 carries over");
    JsonNode recovery = m.get("recoveries").get(0);
    assertTrue(recovery.get("failed").asText().startsWith("application master attempt 1"), recovery.toString());
    int resumedFrom = recovery.get("resumed_from_checkpoint").asInt();
    assertTrue(resumedFrom >= 3 && resumedFrom < 12, recovery.toString());
    double seconds = recovery.get("seconds_to_recover").asDouble();
    assertTrue(seconds > 0 && seconds < 120, recovery.toString());
    System.out.println("AM recovery: " + recovery);
  }

  @Test
  void aCorruptedNewestCheckpointOnHdfsIsDetectedAndThePreviousOneUsed() throws Exception {
    java.nio.file.Path csv = Datasets.shipped("iris/points.csv");
    ItFiles.shardedCopy(fs, csv, "/faults/iris", 2);
    String[] common = {"--k", "3", "--init", "random", "--seed", "9", "--tol", "0", "--format", "csv"};
    String output = "/faults/out/iris-cp";
    String[] yarn = {"--engine", "yarn", "--workers", "2", "--worker-memory", "512", "--am-memory", "512",
        "--input", "/faults/iris", "--output", output};
    LocalRun.Result first = LocalRun.run(conf, new KMeansTool(), ItFiles.concat(ItFiles.concat(common, yarn), "--max-iter", "4"));
    assertEquals(0, first.exit(), first.err());

    // Flip bytes in the newest checkpoint's data block (it ends with a 16-byte sync marker): the file keeps
    // its length and its Avro header, as with bit rot.
    Path newest = new Path(output + "/_checkpoints/checkpoint-000004.avro");
    byte[] bytes;
    try (InputStream in = fs.open(newest)) {
      bytes = in.readAllBytes();
    }
    for (int i = bytes.length - 16 - 24; i < bytes.length - 16 - 16; i++) bytes[i] ^= 0x5a;
    try (FSDataOutputStream out = fs.create(newest, true)) {
      out.write(bytes);
    }

    LocalRun.Result resumed = LocalRun.run(conf, new KMeansTool(),
        ItFiles.concat(ItFiles.concat(common, yarn), "--max-iter", "7", "--resume"));
    assertEquals(0, resumed.exit(), resumed.err());
    assertTrue(resumed.err().contains("checkpoint passed over: checkpoint-000004.avro"), resumed.err());
    assertTrue(resumed.err().contains("resuming from checkpoint 3"), resumed.err());

    LocalRun.Result mr = LocalRun.run(LocalRun.conf(scratch), new KMeansTool(), ItFiles.concat(common, "--max-iter", "7",
        "--input", csv.toString(), "--output", scratch.resolve("iris-cp-mr").toString()));
    assertEquals(0, mr.exit(), mr.err());
    KMeansModel onYarn = ItFiles.kmeans(conf, output + "/model/model.avro");
    KMeansModel reference = org.shardtrain.mapreduce.testing.Models.kmeans(scratch.resolve("iris-cp-mr"));
    assertRelativelyClose(reference.centres(), onYarn.centres(), 1e-9);
    JsonNode recovery = ItFiles.metrics(fs, output).get("recoveries").get(0);
    assertEquals(3, recovery.get("resumed_from_checkpoint").asInt(), recovery.toString());
    assertTrue(recovery.get("checkpoints_passed_over").get(0).asText().startsWith("checkpoint-000004.avro"), recovery.toString());
    System.out.println("corrupt checkpoint recovery: " + recovery);
    // --keep-checkpoints 3 (the default): 5, 6 and 7 remain.
    List<String> left = new ArrayList<>();
    for (var f : fs.listStatus(new Path(output + "/_checkpoints"))) left.add(f.getPath().getName());
    left.sort(null);
    assertEquals(List.of("checkpoint-000005.avro", "checkpoint-000006.avro", "checkpoint-000007.avro"), left);
  }

  @Test
  void aKilledMapReduceDriverResumesFromItsLastCheckpoint() throws Exception {
    java.nio.file.Path csv = Datasets.shipped("digits/points.csv");
    ItFiles.shardedCopy(fs, csv, "/faults/digits", 3);
    String output = "/faults/out/digits-driver";
    String[] args = {"--engine", "mr", "--format", "csv", "--k", "10", "--seed", "3", "--tol", "0", "--max-iter", "10",
        "--checkpoint-every", "2", "--input", "/faults/digits", "--output", output};

    // The driver is a separate JVM, as `hadoop jar` would start it; its jobs run in-process (local runner)
    // against the mini cluster's HDFS, so the kill takes the running job down with it.
    Configuration driver = new Configuration(conf);
    driver.set("mapreduce.framework.name", "local");
    driver.set("mapreduce.jobtracker.staging.root.dir", scratch.resolve("driver-staging").toString());
    driver.set("mapreduce.cluster.local.dir", scratch.resolve("driver-local").toString());
    File confFile = scratch.resolve("driver-conf.xml").toFile();
    try (OutputStream o = new java.io.FileOutputStream(confFile)) {
      driver.writeXml(o);
    }
    Process killed = startDriver(confFile, "killed", args);
    ItFiles.await("checkpoint 4", 180, () -> ItFiles.exists(fs, output + "/_checkpoints/checkpoint-000004.avro")
        || !killed.isAlive());
    assertTrue(killed.isAlive(), "the driver ended before it could be killed: " + read("killed"));
    killed.destroyForcibly();
    assertTrue(killed.waitFor(60, TimeUnit.SECONDS));
    assertNotEquals(0, killed.exitValue());
    assertFalse(fs.exists(new Path(output + "/model")), "a killed run leaves no model");
    assertFalse(fs.exists(new Path(output + "/_checkpoints/checkpoint-000010.avro")));

    long start = System.nanoTime();
    Process resumed = startDriver(confFile, "resumed", ItFiles.concat(args, "--resume"));
    assertTrue(resumed.waitFor(240, TimeUnit.SECONDS), "the resumed driver did not finish: " + read("resumed"));
    double wall = (System.nanoTime() - start) / 1e9;
    String log = read("resumed");
    assertEquals(0, resumed.exitValue(), log);
    assertTrue(log.contains("resuming from checkpoint 4"), log);
    assertFalse(log.contains("kmeans iteration 4:"), "iterations up to the checkpoint are not repeated:\n" + log);
    assertTrue(log.contains("kmeans iteration 5:"), log);

    LocalRun.Result mr = LocalRun.run(LocalRun.conf(scratch), new KMeansTool(), "--format", "csv", "--k", "10", "--seed", "3",
        "--tol", "0", "--max-iter", "10", "--input", csv.toString(), "--output", scratch.resolve("digits-mr").toString());
    assertEquals(0, mr.exit(), mr.err());
    KMeansModel afterKill = ItFiles.kmeans(conf, output + "/model/model.avro");
    KMeansModel reference = org.shardtrain.mapreduce.testing.Models.kmeans(scratch.resolve("digits-mr"));
    assertRelativelyClose(reference.centres(), afterKill.centres(), 1e-9);
    JsonNode m = ItFiles.metrics(fs, output);
    assertEquals(10, m.get("history").size());
    JsonNode recovery = m.get("recoveries").get(0);
    assertEquals(4, recovery.get("resumed_from_checkpoint").asInt(), recovery.toString());
    System.out.printf("driver recovery: %s; resumed driver's wall time %.1f s%n", recovery, wall);
  }

  private static Process startDriver(File confFile, String name, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"),
        "-Xmx512m", "-cp", System.getProperty("java.class.path"), ShardtrainDriver.class.getName(), "kmeans",
        "-conf", confFile.getAbsolutePath()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(scratch.resolve(name + ".log").toFile()).start();
  }

  private static String read(String name) {
    try {
      return Files.readString(scratch.resolve(name + ".log"));
    } catch (java.io.IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
