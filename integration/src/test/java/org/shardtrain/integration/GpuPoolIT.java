package org.shardtrain.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.kmeans.KMeansModel;
import org.shardtrain.core.testing.Datasets;
import org.shardtrain.host.program.KMeansTool;
import org.shardtrain.mapreduce.testing.LocalRun;

/**
 * GPU worker pools on the mini cluster, whose first NodeManager carries the label "gpu" and declares two
 * yarn.io/gpu (conf/cluster applied by {@link MiniClusters}): GPU-pool containers land on that node and
 * only there, with their GPU; CPU-pool containers take none; a worker with no usable device runs the CPU
 * kernels and says why; asks no node can satisfy are refused before anything is submitted. With a device
 * ({@code -Pgpu}), the GPU pool runs CUDA and gives the CPU-only run's centres.
 */
class GpuPoolIT {
  static MiniClusters cluster;
  static Configuration conf;
  static KMeansModel reference;
  @org.junit.jupiter.api.io.TempDir static java.nio.file.Path scratch;
  static final String[] KMEANS = {"--k", "3", "--seed", "7", "--max-iter", "20", "--format", "csv",
      "--worker-memory", "512", "--am-memory", "512", "--input", "/gpu-pool/iris"};

  @BeforeAll
  static void start() throws Exception {
    cluster = MiniClusters.get();
    conf = cluster.clientConf();
    ItFiles.shardedCopy(cluster.fs(), Datasets.shipped("iris/points.csv"), "/gpu-pool/iris", 3);
    // The reference: the MapReduce engine with the local runner, on the same points.
    LocalRun.Result mr = LocalRun.run(LocalRun.conf(scratch), new KMeansTool(), "--k", "3", "--seed", "7", "--max-iter", "20",
        "--format", "csv", "--input", Datasets.shipped("iris/points.csv").toString(), "--output", scratch.resolve("mr").toString());
    assertEquals(0, mr.exit(), mr.err());
    reference = org.shardtrain.mapreduce.testing.Models.kmeans(scratch.resolve("mr"));
  }

  @Test
  void gpuWorkersLandOnTheLabelledNodeWithTheirGpuAndCpuWorkersTakeNone() throws Exception {
    LocalRun.Result r = LocalRun.run(conf, new KMeansTool(), ItFiles.concat(KMEANS, "--engine", "yarn", "--queue", "ml", "--workers", "1",
        "--gpu-workers", "1", "--output", "/gpu-pool/out-mixed"));
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().contains("1 CPU worker and 1 GPU worker (label gpu)"), r.err());
    JsonNode workers = ItFiles.metrics(cluster.fs(), "/gpu-pool/out-mixed").get("workers");
    assertEquals(2, workers.size(), workers.toString());
    JsonNode cpu = workers.get(0);
    JsonNode gpu = workers.get(1);
    assertEquals("cpu", cpu.get("pool").asText());
    assertEquals(0, cpu.get("gpus").asLong(), "a CPU-pool container takes no GPU: " + cpu);
    assertEquals("cpu", cpu.get("backend").asText());
    assertTrue(!cpu.has("fallback_reason"), cpu.toString());

    assertEquals("gpu", gpu.get("pool").asText());
    assertEquals(cluster.gpuNode().toString(), gpu.get("node_id").asText(), "GPU workers run on the labelled node: " + gpu);
    assertEquals(List.of("gpu"), labels(gpu));
    assertEquals(1, gpu.get("gpus").asLong(), "--gpus-per-worker 1 of the node's yarn.io/gpu: " + gpu);
    assertGpuWorkerBackend(gpu, r.err());
    assertTrue(gpu.get("kernel_gflops").asDouble() > 0, gpu.toString());
    assertEquals(150, cpu.get("records").asLong() + gpu.get("records").asLong());

    assertCentres(ItFiles.kmeans(conf, "/gpu-pool/out-mixed/model/model.avro"), 1e-9);
  }

  @Test
  void aGpuOnlyRunNeedsNoCpuWorkers() throws Exception {
    LocalRun.Result r = LocalRun.run(conf, new KMeansTool(), ItFiles.concat(KMEANS, "--engine", "yarn", "--queue", "ml", "--workers", "0",
        "--gpu-workers", "1", "--output", "/gpu-pool/out-gpu-only"));
    assertEquals(0, r.exit(), r.err());
    JsonNode workers = ItFiles.metrics(cluster.fs(), "/gpu-pool/out-gpu-only").get("workers");
    assertEquals(1, workers.size(), workers.toString());
    assertEquals("gpu", workers.get(0).get("pool").asText());
    assertEquals(cluster.gpuNode().toString(), workers.get(0).get("node_id").asText());
    assertEquals(150, workers.get(0).get("records").asLong());
    assertCentres(ItFiles.kmeans(conf, "/gpu-pool/out-gpu-only/model/model.avro"), 1e-9);
  }

  @Test
  void asksNoNodeCanMeetAreRefusedBeforeSubmitting() throws Exception {
    int before = applications();
    String[][] cases = {
        {"--queue", "ml", "--gpu-workers", "1", "--gpus-per-worker", "3"},
        {"--queue", "ml", "--gpu-workers", "1", "--gpu-label", "tpu"},
        {"--queue", "default", "--gpu-workers", "1"},
        {"--queue", "ml", "--workers", "0", "--gpu-workers", "0"}};
    String[] expected = {
        "--gpus-per-worker 3: the best node labelled 'gpu' has 2 yarn.io/gpu",
        "the cluster has no node label 'tpu'",
        "queue 'default' has no capacity on nodes labelled 'gpu'",
        "no workers: --workers 0 needs --gpu-workers 1 or more"};
    for (int i = 0; i < cases.length; i++) {
      String output = "/gpu-pool/refused-" + i;
      String[] args = ItFiles.concat(ItFiles.concat(KMEANS, "--engine", "yarn", "--output", output), cases[i]);
      long started = System.nanoTime();
      LocalRun.Result r = LocalRun.run(conf, new KMeansTool(), args);
      double seconds = (System.nanoTime() - started) / 1e9;
      assertEquals(1, r.exit(), r.err());
      assertTrue(r.err().contains(expected[i]), "expected '" + expected[i] + "' in: " + r.err());
      assertTrue(seconds < 15, "refused in " + seconds + " s, not after waiting for containers");
      assertTrue(!cluster.fs().exists(new Path(output)), "nothing written for a refused run");
    }
    assertEquals(before, applications(), "no application was submitted");
  }

  /** With a CUDA device (-Pgpu on a GPU machine): the GPU pool runs CUDA and gives the CPU-only centres. */
  @Test
  @Tag("gpu")
  void withADeviceTheGpuPoolRunsCudaAndGivesTheSameCentres() throws Exception {
    LocalRun.Result r = LocalRun.run(conf, new KMeansTool(), ItFiles.concat(KMEANS, "--engine", "yarn", "--queue", "ml", "--workers", "1",
        "--gpu-workers", "1", "--output", "/gpu-pool/out-cuda"));
    assertEquals(0, r.exit(), r.err());
    JsonNode gpu = ItFiles.metrics(cluster.fs(), "/gpu-pool/out-cuda").get("workers").get(1);
    assertEquals("cuda", gpu.get("backend").asText(), gpu.toString());
    assertCentres(ItFiles.kmeans(conf, "/gpu-pool/out-cuda/model/model.avro"), 1e-9);
  }

  /** Without a device here, the GPU worker runs the CPU kernels and says why, in metrics.json and on the console. */
  private static void assertGpuWorkerBackend(JsonNode gpu, String console) {
    if (gpu.get("backend").asText().equals("cuda")) return; // a machine with a usable device
    assertEquals("cpu", gpu.get("backend").asText(), gpu.toString());
    String reason = gpu.get("fallback_reason").asText();
    assertTrue(!reason.isBlank(), gpu.toString());
    assertTrue(console.contains("no GPU used: " + reason), console);
  }

  private static void assertCentres(KMeansModel actual, double tolerance) {
    double[] want = reference.centres();
    double[] got = actual.centres();
    assertEquals(want.length, got.length);
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], tolerance * Math.max(1, Math.abs(want[i])), "centre value " + i);
    }
  }

  private static List<String> labels(JsonNode worker) {
    List<String> out = new java.util.ArrayList<>();
    worker.get("node_labels").forEach(l -> out.add(l.asText()));
    return out;
  }

  private static int applications() throws Exception {
    YarnClient yarn = YarnClient.createYarnClient();
    yarn.init(conf);
    yarn.start();
    try {
      return yarn.getApplications().size();
    } finally {
      yarn.stop();
    }
  }
}
