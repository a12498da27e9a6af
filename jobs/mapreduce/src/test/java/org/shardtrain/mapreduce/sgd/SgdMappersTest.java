package org.shardtrain.mapreduce.sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.sgd.EvalStats;
import org.shardtrain.core.sgd.FeatureScaling;
import org.shardtrain.core.sgd.LinearModel;
import org.shardtrain.core.sgd.LocalSgd;
import org.shardtrain.core.sgd.Loss;
import org.shardtrain.core.sgd.SgdState;
import org.shardtrain.formats.AvroFiles;
import org.shardtrain.formats.SgdCodec;
import org.shardtrain.formats.input.ExampleBlock;
import org.shardtrain.mapreduce.io.PartialWritable;
import org.shardtrain.mapreduce.io.SlotKey;

/** MRUnit tests of the model-averaging and evaluation mappers, against steps worked out by hand. */
class SgdMappersTest {
  @TempDir Path tmp;

  private Configuration conf(String... kv) {
    Configuration c = new Configuration();
    c.set("fs.defaultFS", "file:///");
    for (int i = 0; i < kv.length; i += 2) c.set(kv[i], kv[i + 1]);
    SgdJobConf.setRole(c, SgdJobConf.Role.ALL);
    return c;
  }

  private static void copy(Configuration from, Configuration to) {
    for (Map.Entry<String, String> e : from) to.set(e.getKey(), e.getValue());
  }

  @Test
  void aLocalEpochTakesOnePlainSgdStepPerExample() throws Exception {
    Configuration c = conf("shardtrain.sgd.loss", "squared", "shardtrain.sgd.schedule", "constant",
        "shardtrain.sgd.step", "0.1", "shardtrain.sgd.intercept", "true");
    org.apache.hadoop.fs.Path state = new org.apache.hadoop.fs.Path(tmp.resolve("state.avro").toUri());
    AvroFiles.writeAtomically(c, state, SgdCodec.toAvro(new SgdState(new double[] {0, 0}, 0, 0, null,
        FeatureScaling.identity(2))));
    SgdJobConf.setState(c, state);
    MapDriver<LongWritable, ExampleBlock, SlotKey, PartialWritable> d = MapDriver.newMapDriver(new LocalSgdMapper());
    copy(c, d.getConfiguration());
    // Step 1: x = (1, 0), y = 2, m = 0 → g = −2: w0 = 0.2, b = 0.2. Step 2: x = (0, 2), y = 1,
    // m = 0.2 → g = −0.8: w1 = 0.16, b = 0.28.
    d.withInput(new LongWritable(1), ExampleBlock.of(new double[] {2, 0, 1.0}, new double[] {1, 1, 2.0}));
    double[] sum = d.run().get(0).getSecond().vectorCopy();
    assertEquals(2, sum[0], 0);
    assertEquals(2 * 0.2, sum[LocalSgd.HEADER], 1e-12);
    assertEquals(2 * 0.16, sum[LocalSgd.HEADER + 1], 1e-12);
    assertEquals(2 * 0.28, sum[LocalSgd.HEADER + 2], 1e-12);
  }

  @Test
  void theEvaluationMapperCountsCorrectPredictions() throws Exception {
    Configuration c = conf("shardtrain.sgd.loss", "logistic");
    org.apache.hadoop.fs.Path model = new org.apache.hadoop.fs.Path(tmp.resolve("model.avro").toUri());
    AvroFiles.writeAtomically(c, model, SgdCodec.toAvro(new LinearModel(Loss.LOGISTIC, new double[] {1, -1}, 0), Map.of()));
    SgdJobConf.setModel(c, model);
    MapDriver<LongWritable, ExampleBlock, SlotKey, PartialWritable> d = MapDriver.newMapDriver(new SgdEvalMapper());
    copy(c, d.getConfiguration());
    // Margins 2 (label 1: right), −3 (label 0: right), 1 (label 0: wrong).
    d.withInput(new LongWritable(1), ExampleBlock.of(new double[] {1, 0, 2.0}, new double[] {0, 1, 3.0},
        new double[] {0, 0, 1.0}));
    EvalStats e = EvalStats.of(d.run().get(0).getSecond().vectorCopy());
    assertEquals(3, e.count());
    assertEquals(2.0 / 3, e.accuracy(), 1e-12);
    double expectedLogLoss = (Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(-3)) + Math.log1p(Math.exp(1))) / 3;
    assertEquals(expectedLogLoss, e.logLoss(), 1e-12);
  }
}
