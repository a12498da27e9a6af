package org.shardtrain.mapreduce.program;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.sgd.LinearModel;
import org.shardtrain.core.testing.Datasets;
import org.shardtrain.formats.AvroFiles;
import org.shardtrain.formats.SgdCodec;
import org.shardtrain.host.program.KMeansTool;
import org.shardtrain.host.program.SgdTool;
import org.shardtrain.mapreduce.testing.LocalRun;
import org.shardtrain.mapreduce.testing.Models;

/**
 * Statistics spread over several reducers by slot range give the model one reducer gives, bit for bit: each
 * slot is still summed by one reducer in map-task order, and the driver reads the reducers' outputs in slot
 * order. Small splits make several map tasks, so the order matters.
 */
class SpreadStatisticsTest {
  @TempDir static Path tmp;
  static Configuration conf;

  @BeforeAll
  static void setUp() {
    conf = LocalRun.conf(tmp);
    conf.setLong("mapreduce.input.fileinputformat.split.maxsize", 1024); // iris (2.2 KB): 3 map tasks
  }

  private static Path run(org.shardtrain.host.program.ProgramTool tool, String name, String... args) throws Exception {
    Path out = tmp.resolve(name);
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--output";
    all[args.length + 1] = out.toString();
    LocalRun.Result r = LocalRun.run(conf, tool, all);
    assertEquals(0, r.exit(), r.err());
    return out;
  }

  @Test
  void kMeansCentresOverThreeReducersEqualOneReducers() throws Exception {
    String iris = Datasets.shipped("iris/points.csv").toString();
    Path one = run(new KMeansTool(), "iris-1", "--input", iris, "--format", "csv", "--k", "3", "--max-iter", "5",
        "--reducers", "1");
    Path three = run(new KMeansTool(), "iris-3", "--input", iris, "--format", "csv", "--k", "3", "--max-iter", "5",
        "--reducers", "3");
    assertArrayEquals(Models.kmeans(one).centres(), Models.kmeans(three).centres());
  }

  @Test
  void sgdWeightsSlicedOverThreeReducersEqualOneReducers() throws Exception {
    String breast = Datasets.shipped("breast-cancer/data.libsvm").toString();
    // 165 KB in 40 KB splits: 5 map tasks. Slices of 8 doubles: the gradient (3 + 30 doubles) travels as 5
    // slots over 3 reducers.
    conf.setLong("mapreduce.input.fileinputformat.split.maxsize", 40_000);
    conf.setInt("shardtrain.internal.pass.slice-size", 8);
    try {
      Path one = run(new SgdTool(), "sgd-1", "--input", breast, "--format", "libsvm", "--loss", "logistic",
          "--epochs", "3", "--intercept", "--standardize", "--reducers", "1");
      Path three = run(new SgdTool(), "sgd-3", "--input", breast, "--format", "libsvm", "--loss", "logistic",
          "--epochs", "3", "--intercept", "--standardize", "--reducers", "3");
      LinearModel a = model(one);
      LinearModel b = model(three);
      assertEquals(30, a.weights().length, "breast-cancer's features");
      assertArrayEquals(a.weights(), b.weights());
      assertEquals(a.intercept(), b.intercept());
    } finally {
      conf.unset("shardtrain.internal.pass.slice-size");
      conf.setLong("mapreduce.input.fileinputformat.split.maxsize", 1024);
    }
  }

  private static LinearModel model(Path out) throws Exception {
    return SgdCodec.fromAvro(AvroFiles.readSingle(new Configuration(),
        new org.apache.hadoop.fs.Path(out.resolve("model/model.avro").toUri()), org.shardtrain.formats.avro.LinearModel.class));
  }
}
