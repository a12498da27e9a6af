package org.shardtrain.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.testing.Datasets;

/**
 * conf/oozie/train: the shipped workflow and job.properties, walked node by node ({@link WorkflowHarness})
 * against the mini cluster; every action runs {@code OozieMain} as an Oozie launcher would (action
 * configuration file, captured output properties). Train runs on the YARN engine (a real application on
 * MiniYARNCluster); import and evaluate use the local job runner to keep the test short.
 */
class OozieWorkflowIT {
  static MiniClusters cluster;
  static Configuration launcher;
  static FileSystem fs;
  static String nameNode;
  @TempDir static java.nio.file.Path scratch;

  @BeforeAll
  static void start() throws Exception {
    cluster = MiniClusters.get();
    launcher = new Configuration(cluster.clientConf());
    launcher.set("mapreduce.framework.name", "local");
    launcher.set("mapreduce.jobtracker.staging.root.dir", scratch.resolve("staging").toString());
    launcher.set("mapreduce.cluster.local.dir", scratch.resolve("local").toString());
    fs = cluster.fs();
    nameNode = fs.getUri().toString();
    // The app directory as an operator deploys it: the workflow's params files on HDFS.
    java.nio.file.Path app = Datasets.projectFile("conf/oozie/train");
    for (String f : List.of("kmeans-params.xml", "sgd-params.xml", "als-params.xml")) {
      fs.copyFromLocalFile(new Path(app.resolve(f).toUri()), new Path("/apps/shardtrain/train/" + f));
    }
    fs.copyFromLocalFile(new Path(Datasets.shipped("iris/points.csv").toUri()), new Path("/data/iris/points.csv"));
  }

  WorkflowHarness run(String id, Map<String, String> overrides) throws Exception {
    java.nio.file.Path app = Datasets.projectFile("conf/oozie/train");
    Map<String, String> props = WorkflowHarness.jobProperties(app.resolve("job.properties"), Map.of(
        "nameNode", nameNode, "resourceManager", launcher.get("yarn.resourcemanager.address"),
        "rawInput", nameNode + "/data/iris/points.csv", "evalInput", nameNode + "/data/iris/points.csv"));
    props.putAll(overrides);
    WorkflowHarness wf = new WorkflowHarness(launcher, props, id, scratch);
    boolean ended = wf.run(app.resolve("workflow.xml"));
    assertTrue(ended, "workflow " + id + " was killed: " + wf.killMessage + "\n" + wf.console);
    return wf;
  }

  static Properties read(String path) throws Exception {
    Properties p = new Properties();
    try (InputStream in = fs.open(new Path(path))) {
      p.load(in);
    }
    return p;
  }

  @Test
  void importTrainEvaluatePublishThenAWorseModelIsNotPublished() throws Exception {
    String registry = nameNode + "/models/shardtrain/kmeans/published";

    // Day 1: k = 20 on the YARN engine; nothing published yet, so it is.
    WorkflowHarness first = run("wf-0001", Map.of("engine", "yarn", "workers", "2"));
    assertEquals(List.of("import", "warm-start", "train", "evaluate", "compare", "at-least-as-good", "publish", "end"),
        first.visited, first.console.toString());
    Properties train = first.actionData.get("train");
    assertEquals("0", train.getProperty("exit_code"));
    String model = nameNode + "/models/shardtrain/kmeans/wf-0001/model";
    assertEquals(model, train.getProperty("model"));
    JsonNode metrics = ItFiles.metrics(fs, "/models/shardtrain/kmeans/wf-0001");
    assertEquals("yarn", train.getProperty("engine"));
    assertEquals(metrics.get("wssse").asDouble(), Double.parseDouble(train.getProperty("wssse")), 0);
    assertEquals(150, Long.parseLong(train.getProperty("records")));
    assertEquals("true", first.actionData.get("compare").getProperty("better"));
    assertEquals("false", first.actionData.get("compare").getProperty("published"), "compare only checks");
    Properties current = read(registry + "/current.properties");
    // The registry's own copy of the run's model (a publication is immutable), the run recorded beside it.
    assertEquals(nameNode + "/models/shardtrain/kmeans/wf-0001", current.getProperty("run"));
    String published = current.getProperty("model");
    assertTrue(published.startsWith(registry + "/models/"), published);
    assertEquals("wssse", current.getProperty("metric"));
    JsonNode evaluation = ItFiles.metrics(fs, "/models/shardtrain/kmeans/wf-0001/evaluation");
    assertEquals(evaluation.get("wssse").asDouble(), Double.parseDouble(current.getProperty("value")), 1e-9);

    // Day 2: one iteration from random centres fits Iris worse than day 1's 30 from k-means|| (higher WSSSE
    // on the same evaluation data): trained, not published. Same k: only models of one shape are compared.
    java.nio.file.Path worse = scratch.resolve("kmeans-k2.xml");
    Files.writeString(worse, "<configuration><property><name>shardtrain.kmeans.k</name><value>20</value></property>"
        + "<property><name>shardtrain.kmeans.init</name><value>random</value></property>"
        + "<property><name>shardtrain.kmeans.max-iter</name><value>1</value></property></configuration>");
    fs.copyFromLocalFile(new Path(worse.toUri()), new Path("/apps/shardtrain/train/kmeans-k2.xml"));
    WorkflowHarness second = run("wf-0002", Map.of("engine", "mr",
        "trainParams", nameNode + "/apps/shardtrain/train/kmeans-k2.xml"));
    assertEquals(List.of("import", "warm-start", "train", "evaluate", "compare", "at-least-as-good", "kept-previous", "end"),
        second.visited, second.console.toString());
    assertEquals("false", second.actionData.get("compare").getProperty("better"));
    assertTrue(Double.parseDouble(second.actionData.get("compare").getProperty("value"))
        > Double.parseDouble(second.actionData.get("compare").getProperty("previous_value")));
    assertEquals(published, read(registry + "/current.properties").getProperty("model"), "the better model stays published");
    assertTrue(fs.exists(new Path("/models/shardtrain/kmeans/wf-0002/model/model.avro")), "the new model is kept, unpublished");
  }

  @Test
  void aFailingStepKillsTheWorkflowWithTheProgramsReasonAndExitCode() throws Exception {
    try (var out = fs.create(new Path("/data/bad/points.csv"), true)) {
      out.write("1.0,2.0\n3.0,oops\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    java.nio.file.Path app = Datasets.projectFile("conf/oozie/train");
    Map<String, String> props = WorkflowHarness.jobProperties(app.resolve("job.properties"), Map.of(
        "nameNode", nameNode, "resourceManager", launcher.get("yarn.resourcemanager.address"),
        "rawInput", nameNode + "/data/bad/points.csv", "onBadRecord", "fail"));
    WorkflowHarness wf = new WorkflowHarness(launcher, props, "wf-bad", scratch);
    assertFalse(wf.run(app.resolve("workflow.xml")), wf.console.toString());
    assertEquals(List.of("import", "failed"), wf.visited);
    assertTrue(wf.killMessage.startsWith("step import failed: shardtrain import exited with code 1: ")
        && wf.killMessage.contains("line 2"), wf.killMessage);
  }
}
