package org.shardtrain.mapreduce.program;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.testing.Datasets;
import org.shardtrain.host.program.KMeansTool;
import org.shardtrain.host.program.ProgramTool;
import org.shardtrain.mapreduce.testing.LocalRun;
import org.shardtrain.mapreduce.testing.Models;

/** A run interrupted after iteration i and resumed ends with the same model as one that never stopped. */
class KMeansResumeTest {
  @TempDir static Path tmp;
  static Configuration conf;
  static final String DIGITS = Datasets.shipped("digits/points.csv").toString();
  static final String[] ARGS = {"--input", DIGITS, "--format", "csv", "--k", "10", "--seed", "3", "--tol", "0",
      "--max-iter", "8"};

  @BeforeAll
  static void setUp() {
    conf = LocalRun.conf(tmp);
  }

  private static String[] args(Path out, String... more) {
    String[] a = java.util.Arrays.copyOf(ARGS, ARGS.length + 2 + more.length);
    a[ARGS.length] = "--output";
    a[ARGS.length + 1] = out.toString();
    System.arraycopy(more, 0, a, ARGS.length + 2, more.length);
    return a;
  }

  @Test
  void resumeAfterACrashGivesTheUninterruptedModel() throws Exception {
    Path straight = tmp.resolve("straight");
    assertEquals(0, LocalRun.run(conf, new KMeansTool(), args(straight)).exit());

    Path interrupted = tmp.resolve("interrupted");
    Configuration crashing = new Configuration(conf);
    crashing.setInt(KMeansTool.FAIL_AFTER_ITERATION, 3);
    LocalRun.Result crash = LocalRun.run(crashing, new KMeansTool(), args(interrupted));
    assertEquals(ProgramTool.FAILED_CLUSTER, crash.exit(), "the simulated crash fails the run (not the input's fault)");
    assertTrue(Files.exists(interrupted.resolve("_checkpoints/checkpoint-000003.avro")));
    assertFalse(Files.exists(interrupted.resolve("_checkpoints/checkpoint-000004.avro")));
    assertFalse(Files.exists(interrupted.resolve("model")), "no model from a run that did not finish");

    // Without --resume the existing output is protected ...
    LocalRun.Result refused = LocalRun.run(conf, new KMeansTool(), args(interrupted));
    assertEquals(1, refused.exit());
    assertTrue(refused.err().contains("already exists; pass --overwrite"), refused.err());

    // ... with it, the run continues from iteration 3 and does only the rest.
    LocalRun.Result resumed = LocalRun.run(conf, new KMeansTool(), args(interrupted, "--resume"));
    assertEquals(0, resumed.exit(), resumed.err());
    assertFalse(resumed.err().contains("iteration 3:"), "iterations 1-3 are not repeated:\n" + resumed.err());
    assertTrue(resumed.err().contains("iteration 4:"), resumed.err());

    assertArrayEquals(Models.kmeans(straight).centres(), Models.kmeans(interrupted).centres(), 1e-12);
    JsonNode a = LocalRun.metrics(straight);
    JsonNode b = LocalRun.metrics(interrupted);
    assertEquals(a.get("wssse").asDouble(), b.get("wssse").asDouble(), 1e-6);
    assertEquals(8, b.get("iterations").asInt());
    assertEquals(8, b.get("history").size(), "the history carries over the checkpoint");
  }

  @Test
  void resumeRefusesACheckpointOfOtherParameters() throws Exception {
    Path out = tmp.resolve("other-params");
    Configuration crashing = new Configuration(conf);
    crashing.setInt(KMeansTool.FAIL_AFTER_ITERATION, 1);
    assertEquals(ProgramTool.FAILED_CLUSTER, LocalRun.run(crashing, new KMeansTool(), args(out)).exit());
    String[] otherK = args(out, "--resume");
    otherK[java.util.Arrays.asList(otherK).indexOf("--k") + 1] = "7";
    LocalRun.Result r = LocalRun.run(conf, new KMeansTool(), otherK);
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("cannot resume") && r.err().contains("shardtrain.kmeans.k=10"), r.err());
  }

  @Test
  void aCorruptNewestCheckpointFallsBackToThePreviousOne() throws Exception {
    Path straight = tmp.resolve("straight-2");
    assertEquals(0, LocalRun.run(conf, new KMeansTool(), args(straight)).exit());
    Path out = tmp.resolve("corrupt");
    Configuration crashing = new Configuration(conf);
    crashing.setInt(KMeansTool.FAIL_AFTER_ITERATION, 4);
    assertEquals(ProgramTool.FAILED_CLUSTER, LocalRun.run(crashing, new KMeansTool(), args(out)).exit());
    Path newest = out.resolve("_checkpoints/checkpoint-000004.avro");
    byte[] bytes = Files.readAllBytes(newest);
    Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length / 2)); // truncated
    Files.deleteIfExists(out.resolve("_checkpoints/.checkpoint-000004.avro.crc"));
    LocalRun.Result r = LocalRun.run(conf, new KMeansTool(), args(out, "--resume"));
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().contains("iteration 4:"), "iteration 4 is recomputed:\n" + r.err());
    assertArrayEquals(Models.kmeans(straight).centres(), Models.kmeans(out).centres(), 1e-12);
  }
}
