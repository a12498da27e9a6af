package org.shardtrain.mapreduce.als;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.als.InitialFactors;
import org.shardtrain.formats.AlsValue;
import org.shardtrain.mapreduce.io.PartialWritable;

/** MRUnit tests of the ALS join, rows, route, block-solve and evaluation reducers. */
class AlsMapReduceTest {

  private static AlsValue factor(double... v) { return new AlsValue().factor(v, v.length); }

  private static AlsValue rating(String other, double r) { return new AlsValue().rating(other, r); }

  private static AlsValue pair(double r, double... v) { return new AlsValue().pair(v, v.length, r); }

  @Test
  void theJoinRoutesTheFactorToEveryRatingOfItsId() throws Exception {
    ReduceDriver<AlsKey, AlsValue, Text, AlsValue> d = ReduceDriver.newReduceDriver(new JoinReducer());
    d.getConfiguration().setInt("shardtrain.als.rank", 2);
    d.withInput(new AlsKey("item-7", AlsKey.FACTOR), List.of(factor(0.5, -1), rating("u1", 4), rating("u2", 2)));
    d.withOutput(new Text("u1"), pair(4, 0.5, -1)).withOutput(new Text("u2"), pair(2, 0.5, -1));
    d.runTest();
  }

  @Test
  void aMissingFactorIsTheInitialOneOrColdPerTheJob() throws Exception {
    ReduceDriver<AlsKey, AlsValue, Text, AlsValue> d = ReduceDriver.newReduceDriver(new JoinReducer());
    d.getConfiguration().setInt("shardtrain.als.rank", 3);
    d.getConfiguration().setLong("shardtrain.als.seed", 9);
    AlsJobConf.setMissing(d.getConfiguration(), AlsJobConf.Missing.INITIAL);
    d.withInput(new AlsKey("i", AlsKey.RATING), List.of(rating("u", 5)));
    List<Pair<Text, AlsValue>> out = d.run();
    assertArrayEquals(InitialFactors.of(9, "i", 3), out.get(0).getSecond().vectorCopy(), 0);

    ReduceDriver<AlsKey, AlsValue, Text, AlsValue> cold = ReduceDriver.newReduceDriver(new JoinReducer());
    cold.getConfiguration().setInt("shardtrain.als.rank", 3);
    AlsJobConf.setMissing(cold.getConfiguration(), AlsJobConf.Missing.COLD);
    cold.withInput(new AlsKey("new-user", AlsKey.RATING), List.of(rating("i", 5)));
    assertEquals(0, cold.run().get(0).getSecond().size(), "a cold pair has no factor");
  }

  @Test
  void aBlockSolveFindsTheLeastSquaresFactorOfEachRowOfItsBlock(@TempDir java.nio.file.Path tmp) throws Exception {
    // One user, rank 1: min Σ (r − x·y)² + λ·n·x² → x = Σ r·y / (Σ y² + λ·n). The row is in block 0's rows file;
    // the shuffle brings the three item factors it rates (and one it does not, which changes nothing).
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
    org.apache.hadoop.fs.Path rows = new org.apache.hadoop.fs.Path(tmp.toUri());
    RatingRow row = new RatingRow();
    row.set(new String[] {"i1", "i2", "i3"}, new double[] {4, 1, 3}, 3);
    try (org.apache.hadoop.io.SequenceFile.Writer w = org.apache.hadoop.io.SequenceFile.createWriter(conf,
        org.apache.hadoop.io.SequenceFile.Writer.file(new org.apache.hadoop.fs.Path(rows, "part-r-00000")),
        org.apache.hadoop.io.SequenceFile.Writer.keyClass(Text.class),
        org.apache.hadoop.io.SequenceFile.Writer.valueClass(RatingRow.class))) {
      w.append(new Text("u"), row);
    }
    ReduceDriver<IntWritable, ShippedFactor, Text, AlsValue> d = ReduceDriver.newReduceDriver(new BlockSolveReducer());
    d.getConfiguration().setInt("shardtrain.als.rank", 1);
    d.getConfiguration().setDouble("shardtrain.als.lambda", 0.5);
    AlsBlocks.ROWS_DIR.write(d.getConfiguration()::set, rows.toString());
    d.withInput(new IntWritable(0), List.of(shipped("i2", 1.0), shipped("i1", 2.0), shipped("i9", 7.0), shipped("i3", -1.0)));
    double expected = (4 * 2.0 + 1 * 1.0 + 3 * -1.0) / (4 + 1 + 1 + 0.5 * 3);
    List<Pair<Text, AlsValue>> out = d.run();
    assertEquals(1, out.size());
    assertEquals(new Text("u"), out.get(0).getFirst());
    assertEquals(expected, out.get(0).getSecond().vector()[0], 1e-12);
  }

  private static ShippedFactor shipped(String id, double... v) { return new ShippedFactor().set(new Text(id), v, v.length); }

  @Test
  void theRowsJobGivesEachRowTheBlocksOfItsRatingsOnceEachAndTheRouteJobPairsThemWithTheFactor() throws Exception {
    // Item "i" rated by five users: its destinations are the distinct blocks (of 3) of those users, ascending.
    ReduceDriver<Text, AlsValue, Text, RatingRow> rowsDriver = ReduceDriver.newReduceDriver(new RowsJob.RowsReducer());
    AlsBlocks.OTHER_BLOCKS.write(rowsDriver.getConfiguration()::set, 3);
    String[] users = {"u1", "u2", "u3", "u4", "u5"};
    List<AlsValue> ratings = new java.util.ArrayList<>();
    java.util.TreeSet<Integer> expected = new java.util.TreeSet<>();
    for (String u : users) {
      ratings.add(rating(u, 1));
      expected.add(AlsBlocks.of(new Text(u), 3));
    }
    rowsDriver.withInput(new Text("i"), ratings);
    RatingRow row = rowsDriver.run().get(0).getSecond();
    int[] blocks = java.util.Arrays.copyOf(row.destinations(), row.destinationCount());
    assertArrayEquals(expected.stream().mapToInt(Integer::intValue).toArray(), blocks);
    // HashPartitioner, which the rows job's reducers are chosen by, agrees with AlsBlocks.of.
    for (String u : users) {
      assertEquals(new org.apache.hadoop.mapreduce.lib.partition.HashPartitioner<Text, Object>().getPartition(new Text(u), null, 3),
          AlsBlocks.of(new Text(u), 3));
    }

    ReduceDriver<AlsKey, RoutedFactor, Text, RoutedFactor> route = ReduceDriver.newReduceDriver(new RouteJob.RouteReducer());
    route.getConfiguration().setInt("shardtrain.als.rank", 2);
    route.getConfiguration().setLong("shardtrain.als.seed", 9);
    AlsJobConf.setMissing(route.getConfiguration(), AlsJobConf.Missing.INITIAL);
    route.withInput(new AlsKey("i", AlsKey.RATING), List.of(new RoutedFactor().setDestinations(blocks, blocks.length)));
    RoutedFactor routed = route.run().get(0).getSecond();
    assertArrayEquals(InitialFactors.of(9, "i", 2), java.util.Arrays.copyOf(routed.factor(), routed.size()), 0,
        "a seeded factor where none is given");
    assertArrayEquals(blocks, routed.destinationsCopy());
  }

  @Test
  void evaluationDropsOrPredictsTheMeanForColdRatings() throws Exception {
    for (String mode : new String[] {"drop", "mean"}) {
      ReduceDriver<AlsKey, AlsValue, IntWritable, PartialWritable> d = ReduceDriver.newReduceDriver(new EvalReducer());
      d.getConfiguration().setInt("shardtrain.als.rank", 2);
      d.getConfiguration().set("shardtrain.als.cold-start", mode);
      EvalReducer.MEAN.write(d.getConfiguration()::set, 3.5);
      // Item with factor (1, 2): a known user (x = (1, 1), prediction 3, rating 4) and a cold one (rating 2).
      d.withInput(new AlsKey("item", AlsKey.FACTOR), List.of(factor(1, 2), pair(4, 1, 1), pair(2)));
      // A cold item: its one rating (5) has a user factor but no item factor.
      d.withInput(new AlsKey("new-item", AlsKey.RATING), List.of(pair(5, 1, 1)));
      double[] v = d.run().get(0).getSecond().vectorCopy();
      if (mode.equals("drop")) {
        assertArrayEquals(new double[] {1, 1.0, 2, 2}, v, 1e-12);
      } else {
        assertArrayEquals(new double[] {3, 1.0 + 1.5 * 1.5 + 1.5 * 1.5, 2, 0}, v, 1e-12);
      }
    }
  }
}
