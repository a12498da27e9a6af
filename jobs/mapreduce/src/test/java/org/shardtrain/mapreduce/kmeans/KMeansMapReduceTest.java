package org.shardtrain.mapreduce.kmeans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.apache.hadoop.mrunit.mapreduce.MapReduceDriver;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.io.BadRecordException;
import org.shardtrain.core.kmeans.DistanceMeasure;
import org.shardtrain.core.kmeans.KMeansModel;
import org.shardtrain.formats.AvroFiles;
import org.shardtrain.formats.KMeansModelCodec;
import org.shardtrain.formats.input.PointBlock;
import org.shardtrain.formats.input.ShardtrainCounter;
import org.shardtrain.host.engine.KMeansJobConf;
import org.shardtrain.mapreduce.io.PartialWritable;
import org.shardtrain.mapreduce.io.SlotKey;

/** MRUnit tests of the Lloyd mapper, the combiner and the reducer, against sums worked out by hand. */
class KMeansMapReduceTest {
  @TempDir Path tmp;
  private Configuration conf;

  // Two centres on a line; points at 0, 1, 2 go to centre 0 (at 1); 9 and 11 go to centre 1 (at 10).
  private static final double[][] POINTS = {{0, 0}, {1, 0}, {2, 0}, {9, 0}, {11, 0}};

  @BeforeEach
  void centres() throws Exception {
    conf = new Configuration();
    conf.set("fs.defaultFS", "file:///");
    KMeansJobConf.setDimension(conf, 2);
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(tmp.resolve("centres.avro").toUri());
    KMeansModel model = new KMeansModel(2, 2, DistanceMeasure.EUCLIDEAN, new double[] {1, 0, 10, 0});
    AvroFiles.writeAtomically(conf, file, KMeansModelCodec.toAvro(model, null, Map.of()));
    KMeansJobConf.setCentres(conf, file);
  }

  private MapDriver<LongWritable, PointBlock, SlotKey, PartialWritable> mapDriver() {
    MapDriver<LongWritable, PointBlock, SlotKey, PartialWritable> d = MapDriver.newMapDriver(new KMeansMapper());
    d.getConfiguration().addResource(conf);
    copy(conf, d.getConfiguration());
    return d;
  }

  private static void copy(Configuration from, Configuration to) {
    for (Map.Entry<String, String> e : from) to.set(e.getKey(), e.getValue());
  }

  @Test
  void mapperEmitsOnePartialPerCentreAtCleanup() throws Exception {
    MapDriver<LongWritable, PointBlock, SlotKey, PartialWritable> d = mapDriver();
    // Two blocks, as the input format delivers them.
    d.withInput(new LongWritable(1), PointBlock.of(POINTS[0], POINTS[1], POINTS[2]));
    d.withInput(new LongWritable(2), PointBlock.of(POINTS[3], POINTS[4]));
    List<Pair<SlotKey, PartialWritable>> out = d.run();

    Map<Integer, PartialWritable> slots = new HashMap<>();
    int farPoints = 0;
    for (Pair<SlotKey, PartialWritable> p : out) {
      if (p.getFirst().slot() == KMeansPartials.LIST) farPoints++;
      else slots.put(p.getFirst().slot(), p.getSecond());
    }
    assertEquals(2, slots.size(), "one record per centre, not per point");
    // Centre 0: points 0,1,2 → count 3, sum (3,0), cost 1+0+1.
    assertEquals(new PartialWritable(3, 2.0, new double[] {3, 0}, 2), slots.get(0));
    // Centre 1: points 9, 11 → count 2, sum (20,0), cost 1+1.
    assertEquals(new PartialWritable(2, 2.0, new double[] {20, 0}, 2), slots.get(1));
    assertEquals(2, farPoints, "min(k, 16) far points are kept for re-seeding");
    assertEquals(5, d.getCounters().findCounter(ShardtrainCounter.RECORDS).getValue());
  }

  @Test
  void theReducerSumsThePartialsOfTheSameCentre() throws Exception {
    ReduceDriver<SlotKey, PartialWritable, IntWritable, PartialWritable> r = ReduceDriver.newReduceDriver(new PartialsReducer());
    r.withInput(new SlotKey(0, 0), List.of(new PartialWritable(3, 2.0, new double[] {3, 0}, 2),
        new PartialWritable(1, 0.5, new double[] {1, 4}, 2)));
    r.withOutput(new IntWritable(0), new PartialWritable(4, 2.5, new double[] {4, 4}, 2));
    r.runTest();
  }

  @Test
  void listEntriesPassThroughTheReducerUnchanged() throws Exception {
    ReduceDriver<SlotKey, PartialWritable, IntWritable, PartialWritable> r = ReduceDriver.newReduceDriver(new PartialsReducer());
    PartialWritable a = new PartialWritable(0, 9.0, new double[] {1, 1}, 2);
    PartialWritable b = new PartialWritable(0, 4.0, new double[] {2, 2}, 2);
    r.withInput(new SlotKey(KMeansPartials.LIST, 3), List.of(a, b));
    r.withOutput(new IntWritable(KMeansPartials.LIST), a).withOutput(new IntWritable(KMeansPartials.LIST), b);
    r.runTest();
  }

  @Test
  void mapperAndReducerTogetherGiveTheNextCentres() throws Exception {
    MapReduceDriver<LongWritable, PointBlock, SlotKey, PartialWritable, IntWritable, PartialWritable> d =
        MapReduceDriver.newMapReduceDriver(new KMeansMapper(), new PartialsReducer());
    d.withKeyGroupingComparator(new SlotKey.BySlot());
    copy(conf, d.getConfiguration());
    d.withInput(new LongWritable(1), PointBlock.of(POINTS[0], POINTS[3]));
    d.withInput(new LongWritable(2), PointBlock.of(POINTS[1], POINTS[2], POINTS[4]));
    org.shardtrain.core.kmeans.KMeansStats total = new org.shardtrain.core.kmeans.KMeansStats(2, 2);
    for (Pair<IntWritable, PartialWritable> p : d.run()) KMeansPartials.addLloyd(total, p.getFirst().get(), p.getSecond());
    assertEquals(4.0, total.totalCost(), 1e-12);
    assertArrayEquals(new double[] {3, 0}, total.sum(0), 0);
    assertArrayEquals(new double[] {20, 0}, total.sum(1), 0);
    KMeansModel next = org.shardtrain.core.kmeans.KMeansUpdate.update(
        new KMeansModel(2, 2, DistanceMeasure.EUCLIDEAN, new double[] {1, 0, 10, 0}), total).model();
    assertArrayEquals(new double[] {1, 0, 10, 0}, next.centres(), 1e-12);
  }

  @Test
  void aBadRecordFailsTheTaskNamingWhereItIs() {
    MapDriver<LongWritable, PointBlock, SlotKey, PartialWritable> d = mapDriver();
    d.withInput(new LongWritable(1), PointBlock.of(POINTS[0]));
    d.withInput(new LongWritable(2), PointBlock.bad("expected 2 values, found 3", "f.csv", "line 4", "1,2,3"));
    BadRecordException e = assertThrows(BadRecordException.class, d::run);
    assertEquals("f.csv, line 4: expected 2 values, found 3", e.getMessage());
  }

  @Test
  void anUnparsableRecordIsCountedAndSkippedUnderSkip() throws Exception {
    MapDriver<LongWritable, PointBlock, SlotKey, PartialWritable> d = mapDriver();
    d.getConfiguration().set("shardtrain.on-bad-record", "skip");
    d.withInput(new LongWritable(1), PointBlock.bad("column 2 is not a number: 'x'", "f.csv", "line 7", "1,x"));
    d.withInput(new LongWritable(2), PointBlock.of(new double[] {0, 0}));
    List<Pair<SlotKey, PartialWritable>> out = d.run();
    assertTrue(out.stream().anyMatch(p -> p.getFirst().slot() == 0 && p.getSecond().count() == 1));
    assertEquals(1, d.getCounters().findCounter(ShardtrainCounter.RECORDS).getValue());
  }
}
