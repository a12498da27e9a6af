package org.shardtrain.mapreduce.sgd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.apache.hadoop.mrunit.mapreduce.MapReduceDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.sgd.FeatureScaling;
import org.shardtrain.core.sgd.FeatureStats;
import org.shardtrain.core.sgd.GradientStats;
import org.shardtrain.core.sgd.SgdState;
import org.shardtrain.formats.AvroFiles;
import org.shardtrain.formats.SgdCodec;
import org.shardtrain.formats.input.ExampleBlock;
import org.shardtrain.mapreduce.io.PartialWritable;
import org.shardtrain.mapreduce.io.SlotKey;
import org.shardtrain.mapreduce.kmeans.PartialsReducer;

/** MRUnit tests of the SGD mappers with the shared combiner/reducer, against sums worked out by hand. */
class SgdMapReduceTest {
  @TempDir Path tmp;
  private Configuration conf;

  // Rows: label, then (0-based index, value) pairs.
  private static final double[][] ROWS = {{1, 0, 2.0, 2, 1.0}, {0, 1, 1.0}, {1, 0, -1.0, 1, 3.0}};

  @BeforeEach
  void setUp() throws Exception {
    conf = new Configuration();
    conf.set("fs.defaultFS", "file:///");
    conf.set("shardtrain.sgd.loss", "squared");
    SgdState state = new SgdState(new double[] {0.5, -1, 2}, 0.25, 0, null, FeatureScaling.identity(3));
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(tmp.resolve("state.avro").toUri());
    AvroFiles.writeAtomically(conf, file, SgdCodec.toAvro(state));
    SgdJobConf.setState(conf, file);
    SgdJobConf.setRole(conf, SgdJobConf.Role.ALL);
  }

  private static void copy(Configuration from, Configuration to) {
    for (Map.Entry<String, String> e : from) to.set(e.getKey(), e.getValue());
  }

  @Test
  void gradientMapperAndReducerSumTheSquaredLossGradient() throws Exception {
    MapReduceDriver<LongWritable, ExampleBlock, SlotKey, PartialWritable, IntWritable, PartialWritable> d =
        MapReduceDriver.newMapReduceDriver(new GradientMapper(), new PartialsReducer());
    d.withKeyGroupingComparator(new SlotKey.BySlot());
    copy(conf, d.getConfiguration());
    d.withInput(new LongWritable(1), ExampleBlock.of(ROWS[0], ROWS[1]));
    d.withInput(new LongWritable(2), ExampleBlock.of(ROWS[2]));
    List<Pair<IntWritable, PartialWritable>> out = d.run();
    assertEquals(1, out.size(), "one summed vector");
    GradientStats g = GradientStats.of(out.get(0).getSecond().vectorCopy());
    // margins: 0.25 + 0.5*2 + 2*1 = 3.25; 0.25 - 1 = -0.75; 0.25 - 0.5 - 3 = -3.25. g = m - y: 2.25, -0.75, -4.25.
    assertEquals(3, g.count(), 0);
    assertEquals(2.25 - 0.75 - 4.25, g.gradientSum(), 1e-12);
    assertEquals(2.25 * 2 + -4.25 * -1.0, g.g(0), 1e-12);
    assertEquals(-0.75 * 1 + -4.25 * 3.0, g.g(1), 1e-12);
    assertEquals(2.25 * 1.0, g.g(2), 1e-12);
    assertEquals(0.5 * (2.25 * 2.25 + 0.75 * 0.75 + 4.25 * 4.25), g.lossSum(), 1e-12);
  }

  @Test
  void scanMapperSumsFeaturesAndFindsTheFeatureCount() throws Exception {
    MapDriver<LongWritable, ExampleBlock, SlotKey, PartialWritable> d = MapDriver.newMapDriver(new SgdScanMapper());
    copy(conf, d.getConfiguration());
    d.withInput(new LongWritable(1), ExampleBlock.of(ROWS));
    FeatureStats s = FeatureStats.of(d.run().get(0).getSecond().vectorCopy());
    assertEquals(3, s.count());
    assertEquals(2, s.positives());
    assertEquals(3, s.featureCount());
    FeatureScaling sc = s.scaling(3, true, false);
    assertArrayEquals(new double[] {1.0 / 3, 4.0 / 3, 1.0 / 3}, sc.mean(), 1e-12);
  }

  @Test
  void theTestRoleKeepsOnlyHeldOutExamples() throws Exception {
    conf.set("shardtrain.sgd.test-fraction", "0.5");
    long total = 0;
    for (SgdJobConf.Role role : new SgdJobConf.Role[] {SgdJobConf.Role.TRAIN, SgdJobConf.Role.TEST}) {
      MapDriver<LongWritable, ExampleBlock, SlotKey, PartialWritable> d = MapDriver.newMapDriver(new SgdScanMapper());
      copy(conf, d.getConfiguration());
      SgdJobConf.setRole(d.getConfiguration(), role);
      d.withInput(new LongWritable(1), ExampleBlock.of(ROWS));
      total += FeatureStats.of(d.run().get(0).getSecond().vectorCopy()).count();
    }
    assertEquals(3, total, "train and test partition the input");
  }
}
