package org.shardtrain.mapreduce.als;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.als.InitialFactors;
import org.shardtrain.formats.AlsValue;
import org.shardtrain.mapreduce.io.PartialWritable;

/** MRUnit tests of the ALS join, solve and evaluation reducers. */
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
  void theSolveFindsTheLeastSquaresFactor() throws Exception {
    // One user, rank 1: min Σ (r − x·y)² + λ·n·x² → x = Σ r·y / (Σ y² + λ·n).
    ReduceDriver<Text, AlsValue, Text, AlsValue> d = ReduceDriver.newReduceDriver(new SolveReducer());
    d.getConfiguration().setInt("shardtrain.als.rank", 1);
    d.getConfiguration().setDouble("shardtrain.als.lambda", 0.5);
    d.withInput(new Text("u"), List.of(pair(4, 2.0), pair(1, 1.0), pair(3, -1.0)));
    double expected = (4 * 2.0 + 1 * 1.0 + 3 * -1.0) / (4 + 1 + 1 + 0.5 * 3);
    List<Pair<Text, AlsValue>> out = d.run();
    assertEquals(expected, out.get(0).getSecond().vector()[0], 1e-12);
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
