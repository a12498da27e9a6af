package org.shardtrain.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.kmeans.KMeansModel;
import org.shardtrain.core.testing.Datasets;
import org.shardtrain.host.program.KMeansTool;
import org.shardtrain.mapreduce.testing.LocalRun;
import org.shardtrain.mapreduce.testing.Models;

/**
 * The laptop path, as a user runs it: the launcher with no cluster configured and {@code --engine yarn}
 * starts an embedded HDFS + YARN for the run (a separate JVM here, so nothing is shared with the suite's
 * mini cluster) — with a GPU pool, whose worker lands on the embedded cluster's labelled NodeManager and,
 * with no device, runs the CPU kernels and says why. Same centres as the MapReduce engine.
 */
class EmbeddedRunIT {
  @TempDir Path scratch;

  @Test
  void theLauncherRunsAGpuPoolOnAnEmbeddedCluster() throws Exception {
    Path launcher = Datasets.projectFile("scripts/shardtrain");
    Path iris = Datasets.shipped("iris/points.csv");
    Path output = scratch.resolve("embedded");
    // No --queue: the embedded cluster's default queue may use the gpu partition (conf/cluster keeps it for "ml").
    ProcessBuilder pb = new ProcessBuilder("bash", launcher.toString(), "kmeans", "--engine", "yarn",
        "--workers", "1", "--gpu-workers", "1", "--worker-memory", "512", "--am-memory", "512", "--input", iris.toString(),
        "--format", "csv", "--k", "3", "--seed", "7", "--output", output.toString());
    pb.environment().remove("HADOOP_CONF_DIR");
    pb.environment().remove("YARN_CONF_DIR");
    pb.redirectErrorStream(true).redirectOutput(scratch.resolve("run.log").toFile());
    Process run = pb.start();
    boolean ended = run.waitFor(300, TimeUnit.SECONDS);
    String log = Files.readString(scratch.resolve("run.log"));
    if (!ended) run.destroyForcibly();
    assertTrue(ended, "the run did not end within 300 s:\n" + log);
    assertEquals(0, run.exitValue(), log);
    assertTrue(log.contains("starting an embedded single-machine cluster"), log);
    assertTrue(!log.contains("Using incubator modules"), "the launcher filters the JVM's warning: " + log);

    JsonNode workers = new ObjectMapper().readTree(Files.readString(output.resolve("metrics.json"))).get("workers");
    assertEquals(2, workers.size(), workers.toString());
    JsonNode gpu = workers.get(1);
    assertEquals("gpu", gpu.get("pool").asText());
    assertEquals("[\"gpu\"]", gpu.get("node_labels").toString(), gpu.toString());
    assertEquals(1, gpu.get("gpus").asLong(), gpu.toString());
    if (!gpu.get("backend").asText().equals("cuda")) {
      assertTrue(log.contains("no GPU used: " + gpu.get("fallback_reason").asText()), log);
    }
    assertEquals(0, workers.get(0).get("gpus").asLong());

    LocalRun.Result mr = LocalRun.run(LocalRun.conf(scratch), new KMeansTool(), "--k", "3", "--seed", "7", "--format", "csv",
        "--input", iris.toString(), "--output", scratch.resolve("mr").toString());
    assertEquals(0, mr.exit(), mr.err());
    KMeansModel want = Models.kmeans(scratch.resolve("mr"));
    KMeansModel got = Models.kmeans(output);
    for (int i = 0; i < want.centres().length; i++) {
      assertEquals(want.centres()[i], got.centres()[i], 1e-9 * Math.max(1, Math.abs(want.centres()[i])), "centre value " + i);
    }
  }
}
