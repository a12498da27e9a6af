package org.shardtrain.mapreduce.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.testing.Datasets;
import org.shardtrain.host.program.KMeansTool;
import org.shardtrain.host.program.ProgramTool;
import org.shardtrain.mapreduce.testing.LocalRun;

/** The exit codes a scheduler acts on (README "Exit codes"), each from a real run. */
class ExitCodesTest {
  @TempDir Path tmp;
  static final String IRIS = Datasets.shipped("iris/points.csv").toString();

  LocalRun.Result kmeans(Configuration conf, String... args) throws Exception {
    return LocalRun.run(conf, new KMeansTool(), args);
  }

  @Test
  void successIsZero() throws Exception {
    LocalRun.Result r = kmeans(LocalRun.conf(tmp), "--input", IRIS, "--format", "csv", "--k", "3", "--output",
        tmp.resolve("ok").toString(), "--require-convergence", "--max-iter", "50");
    assertEquals(ProgramTool.OK, r.exit(), r.err());
  }

  @Test
  void badInputIsOne() throws Exception {
    Path bad = tmp.resolve("bad.csv");
    Files.writeString(bad, "1,2\n3,x\n");
    LocalRun.Result r = kmeans(LocalRun.conf(tmp), "--input", bad.toString(), "--format", "csv", "--k", "1",
        "--output", tmp.resolve("bad-out").toString());
    assertEquals(ProgramTool.FAILED, r.exit(), r.err());
    assertTrue(r.err().contains("line 2"), r.err());
  }

  @Test
  void aWrongOptionIsTwo() throws Exception {
    assertEquals(ProgramTool.USAGE, kmeans(LocalRun.conf(tmp), "--k", "three").exit());
  }

  @Test
  void anUnreachableClusterIsThree() throws Exception {
    Configuration conf = LocalRun.conf(tmp);
    conf.setInt("ipc.client.connect.max.retries", 0);
    conf.setInt("ipc.client.connect.max.retries.on.timeouts", 0);
    // A NameNode that is not there (nothing listens on port 1).
    LocalRun.Result r = kmeans(conf, "--input", IRIS, "--format", "csv", "--k", "3",
        "--output", "hdfs://127.0.0.1:1/shardtrain/out");
    assertEquals(ProgramTool.FAILED_CLUSTER, r.exit(), r.err());
    assertTrue(r.err().contains("Connection refused"), r.err());
  }

  @Test
  void stoppingUnconvergedUnderRequireConvergenceIsFourAndKeepsTheModel() throws Exception {
    Path out = tmp.resolve("unconverged");
    LocalRun.Result r = kmeans(LocalRun.conf(tmp), "--input", IRIS, "--format", "csv", "--k", "3", "--init", "random",
        "--tol", "0", "--max-iter", "2", "--require-convergence", "--output", out.toString());
    assertEquals(ProgramTool.NOT_CONVERGED, r.exit(), r.err());
    assertTrue(r.err().contains("without converging"), r.err());
    assertTrue(Files.exists(out.resolve("model/model.avro")), "the model is written all the same");
    // Without the flag the same run succeeds.
    LocalRun.Result plain = kmeans(LocalRun.conf(tmp), "--input", IRIS, "--format", "csv", "--k", "3", "--init",
        "random", "--tol", "0", "--max-iter", "2", "--output", tmp.resolve("plain").toString());
    assertEquals(ProgramTool.OK, plain.exit(), plain.err());
  }
}
