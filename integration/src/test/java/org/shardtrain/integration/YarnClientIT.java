package org.shardtrain.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.testing.Datasets;
import org.shardtrain.host.program.KMeansTool;
import org.shardtrain.mapreduce.testing.LocalRun;

/**
 * The YARN client as a user meets it, on the suite's mini cluster: what can never run is refused before
 * submitting, in one line and exit 1 (an unknown queue, more workers than the queue could ever hold, a local
 * path the cluster's HDFS does not have); an interrupted client kills its application, or with --detach leaves
 * it running for {@code shardtrain status|kill APP_ID}, run through the launcher as a user would.
 */
class YarnClientIT {
  static MiniClusters cluster;
  static Configuration conf;
  static YarnClient yarn;
  @TempDir static Path scratch;
  static Path confDir;
  static final String[] KMEANS = {"--k", "3", "--seed", "7", "--format", "csv", "--worker-memory", "512",
      "--am-memory", "512", "--engine", "yarn"};
  static final String INPUT = "/yarn-client/iris";
  static final Pattern APP_ID = Pattern.compile("application_\\d+_\\d+");

  @BeforeAll
  static void start() throws Exception {
    cluster = MiniClusters.get();
    conf = cluster.clientConf();
    ItFiles.shardedCopy(cluster.fs(), Datasets.shipped("iris/points.csv"), "/yarn-client/iris", 2);
    yarn = YarnClient.createYarnClient();
    yarn.init(conf);
    yarn.start();
    // What `shardtrain cluster start` leaves for the launcher: the client configuration in HADOOP_CONF_DIR.
    confDir = Files.createDirectories(scratch.resolve("conf"));
    for (String name : new String[] {"core-site.xml", "yarn-site.xml"}) {
      try (OutputStream out = Files.newOutputStream(confDir.resolve(name))) {
        conf.writeXml(out);
      }
    }
  }

  @AfterAll
  static void stop() {
    if (yarn != null) yarn.stop();
  }

  @Test
  void whatCanNeverRunIsRefusedBeforeSubmittingInOneLine() throws Exception {
    Path local = Files.createDirectories(Path.of("target", "yarn-client-it"));
    Files.copy(Datasets.shipped("iris/points.csv"), local.resolve("points.csv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    String relative = "target/yarn-client-it/points.csv"; // exists here, relative to the working directory, not on HDFS
    String[][] cases = {
        {"--input", INPUT, "--queue", "nosuch"},
        {"--input", INPUT, "--workers", "1000"},
        {"--input", relative}};
    String[] expected = {
        "error: --queue nosuch: the cluster has no such queue; its queues: default, ml\n",
        "error: --workers 1000 can never run in queue 'default': 1000 workers of 512 MB and 1 vcore plus the "
            + "ApplicationMaster's 512 MB ask 512512 MB and 1001 vcores, but the queue may have at most ",
        "error: --input " + relative + " is on the local disk but not on hdfs://"};
    int before = yarn.getApplications().size();
    for (int i = 0; i < cases.length; i++) {
      String output = "/yarn-client/refused-" + i;
      LocalRun.Result r = LocalRun.run(conf, new KMeansTool(), ItFiles.concat(ItFiles.concat(KMEANS, "--output", output), cases[i]));
      assertEquals(1, r.exit(), r.err());
      assertTrue(r.err().contains(expected[i]), "expected '" + expected[i] + "' in: " + r.err());
      assertEquals(1, r.err().strip().split("\n").length, "one line: " + r.err());
      assertFalse(ItFiles.exists(cluster.fs(), output), "nothing written for a refused run");
    }
    assertEquals(before, yarn.getApplications().size(), "no application was submitted");
  }

  @Test
  void anInterruptedClientKillsItsApplicationUnlessDetached() throws Exception {
    ApplicationId killed = interruptAfterSubmitting("/yarn-client/interrupted", false);
    assertEquals(YarnApplicationState.KILLED, yarn.getApplicationReport(killed).getYarnApplicationState());

    ApplicationId detached = interruptAfterSubmitting("/yarn-client/detached", true);
    YarnApplicationState state = yarn.getApplicationReport(detached).getYarnApplicationState();
    assertTrue(state == YarnApplicationState.ACCEPTED || state == YarnApplicationState.RUNNING, "still running: " + state);

    Launched status = launch(List.of("status", detached.toString()));
    assertEquals(0, status.exit(), status.log());
    assertTrue(status.log().startsWith(detached + " (shardtrain kmeans, user "), status.log());
    Launched kill = launch(List.of("kill", detached.toString()));
    assertEquals(0, kill.exit(), kill.log());
    assertEquals("shardtrain kill: killed " + detached + " (shardtrain kmeans)\n", kill.log());
    assertEquals(YarnApplicationState.KILLED, yarn.getApplicationReport(detached).getYarnApplicationState());

    ApplicationId unknown = ApplicationId.newInstance(detached.getClusterTimestamp(), 9999);
    Launched missing = launch(List.of("status", unknown.toString()));
    assertEquals(1, missing.exit(), missing.log());
    assertTrue(missing.log().endsWith("knows no application " + unknown + "\n"), missing.log());
  }

  /** Runs the launcher's kmeans, sends SIGTERM once it says it submitted, and checks what it said about the application. */
  private static ApplicationId interruptAfterSubmitting(String output, boolean detach) throws Exception {
    List<String> args = new ArrayList<>(List.of("kmeans"));
    args.addAll(List.of(KMEANS));
    args.addAll(List.of("--input", INPUT, "--max-iter", "1000", "--tol", "0", "--output", output));
    if (detach) args.add("--detach");
    Path log = scratch.resolve(detach ? "detached.log" : "interrupted.log");
    Process p = processBuilder(args).redirectOutput(log.toFile()).start();
    try {
      ItFiles.await("the submission line", 120, () -> read(log).contains(" to YARN (queue "));
      p.destroy(); // SIGTERM, as Ctrl-C or a scheduler's kill would end the client
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), read(log));
    } finally {
      p.destroyForcibly();
    }
    Matcher m = APP_ID.matcher(read(log));
    assertTrue(m.find(), read(log));
    ApplicationId id = ApplicationId.fromString(m.group());
    String expected = detach
        ? "interrupted; " + id + " keeps running (--detach): follow it with `scripts/shardtrain status " + id
            + "`, stop it with `scripts/shardtrain kill " + id + "`"
        : "interrupted; killed " + id;
    // The launcher's stderr filter may write its last line just after the JVM ended.
    ItFiles.await("'" + expected + "' in: " + read(log), 5, () -> read(log).contains(expected));
    return id;
  }

  private record Launched(int exit, String log) {}

  private static Launched launch(List<String> args) throws Exception {
    Path log = Files.createTempFile(scratch, "launch", ".log");
    Process p = processBuilder(args).redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), read(log));
    return new Launched(p.exitValue(), read(log));
  }

  private static ProcessBuilder processBuilder(List<String> args) {
    List<String> command = new ArrayList<>(List.of("bash", Datasets.projectFile("scripts/shardtrain").toString()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("HADOOP_CONF_DIR", confDir.toString());
    pb.environment().put("SHARDTRAIN_VECTOR", "0");
    return pb;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
