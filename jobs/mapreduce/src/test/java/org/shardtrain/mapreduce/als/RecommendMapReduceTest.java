package org.shardtrain.mapreduce.als;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.jupiter.api.Test;
import org.shardtrain.formats.AlsValue;

/** MRUnit tests of the ALS mappers and the recommendation reducers. */
class RecommendMapReduceTest {

  @Test
  void ratingsAreKeyedByItemOrUserAndFactorsSortFirst() throws Exception {
    AlsValue rating = new AlsValue().rating("item-9", 4.5);
    MapDriver.newMapDriver(new RatingsMappers.ByItem()).withInput(new Text("u1"), rating)
        .withOutput(new AlsKey("item-9", AlsKey.RATING), new AlsValue().rating("u1", 4.5)).runTest();
    MapDriver.newMapDriver(new RatingsMappers.ByUser()).withInput(new Text("u1"), rating)
        .withOutput(new AlsKey("u1", AlsKey.RATING), rating).runTest();
    AlsValue factor = new AlsValue().factor(new double[] {1, 2}, 2);
    MapDriver.newMapDriver(new RatingsMappers.Factors()).withInput(new Text("u1"), factor)
        .withOutput(new AlsKey("u1", AlsKey.FACTOR), factor).runTest();
    AlsValue pair = new AlsValue().pair(new double[] {1, 2}, 2, 3);
    MapDriver.newMapDriver(new RatingsMappers.Pairs()).withInput(new Text("i"), pair)
        .withOutput(new AlsKey("i", AlsKey.RATING), pair).runTest();
    // The secondary sort: an ID's factor before its ratings, IDs in order.
    assertEquals(-1, Integer.signum(new AlsKey("a", AlsKey.FACTOR).compareTo(new AlsKey("a", AlsKey.RATING))));
    assertEquals(0, new AlsKey.IdGrouping().compare(new AlsKey("a", AlsKey.FACTOR), new AlsKey("a", AlsKey.RATING)));
  }

  @Test
  void usersAreServedOnlyWhenAskedForAndCarryTheirRatedItems() throws Exception {
    ReduceDriver<AlsKey, RecValue, Text, RecValue> d = ReduceDriver.newReduceDriver(new RecommendJobs.UsersReducer());
    d.withInput(new AlsKey("u1", AlsKey.FACTOR), List.of(new RecValue().factor("u1", new double[] {1, 0}, List.of()),
        new RecValue().rated("i1"), new RecValue().wanted(), new RecValue().rated("i2")));
    d.withInput(new AlsKey("u2", AlsKey.FACTOR), List.of(new RecValue().factor("u2", new double[] {0, 1}, List.of())));
    List<Pair<Text, RecValue>> out = d.run();
    assertEquals(1, out.size(), "u2 was not asked for");
    assertEquals(List.of("i1", "i2"), out.get(0).getSecond().names());
  }

  @Test
  void aBlockScoresEveryUserAgainstItsItemsSkippingRatedOnes() throws Exception {
    ReduceDriver<AlsKey, RecValue, Text, RecValue> d = ReduceDriver.newReduceDriver(new RecommendJobs.ScoreReducer());
    RecommendJobs.TOP.write(d.getConfiguration()::set, 2);
    // One block as the shuffle delivers it: its items first, then every user.
    d.withInput(new AlsKey("0", AlsKey.FACTOR), List.of(
        new RecValue().item("a", new double[] {1, 0}),
        new RecValue().item("b", new double[] {0, 1}),
        new RecValue().item("c", new double[] {1, 1}),
        new RecValue().factor("u1", new double[] {2, 1}, List.of("c")),
        new RecValue().factor("u2", new double[] {-1, 3}, List.of())));
    List<Pair<Text, RecValue>> out = d.run();
    assertEquals(2, out.size());
    // u1: a = 2, b = 1, c excluded → a, b. u2: a = −1, b = 3, c = 2 → b, c.
    assertEquals(List.of("a", "b"), out.get(0).getSecond().names());
    assertArrayEquals(new double[] {2, 1}, out.get(0).getSecond().scores(), 0);
    assertEquals(List.of("b", "c"), out.get(1).getSecond().names());
  }

  @Test
  void mergeKeepsTheBestNAcrossBlocksWithTiesByItemId() throws Exception {
    ReduceDriver<Text, RecValue, Text, RecValue> d = ReduceDriver.newReduceDriver(new RecommendJobs.MergeReducer());
    RecommendJobs.TOP.write(d.getConfiguration()::set, 3);
    d.withInput(new Text("u"), List.of(
        new RecValue().candidates("u", List.of("x", "y"), new double[] {5, 1}),
        new RecValue().candidates("u", List.of("b", "a"), new double[] {2, 2})));
    RecValue best = d.run().get(0).getSecond();
    assertEquals(List.of("x", "a", "b"), best.names());
    assertArrayEquals(new double[] {5, 2, 2}, best.scores(), 0);
  }

  @Test
  void wantedUsersAreReadOnePerLine() throws Exception {
    List<Pair<AlsKey, RecValue>> out = MapDriver.newMapDriver(new RecommendJobs.WantedUsers())
        .withInput(new LongWritable(0), new Text(" 42 ")).withInput(new LongWritable(4), new Text("")).run();
    assertEquals(1, out.size());
    assertEquals("42", out.get(0).getFirst().id().toString());
  }
}
