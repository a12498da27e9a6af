package org.shardtrain.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.mapreduce.testing.LocalRun;

/**
 * Reducer counts from the data: a small input gets one reducer, a large one (simulated by a small split size:
 * as many map tasks as a large input would have) gets one per 256 MB of statistics, and the user's choice wins.
 */
class ReducerEstimatorTest {
  @TempDir Path tmp;

  private static final long MB = 1L << 20;

  /** A k-means pass at k = d = 1,000: each map task emits k × (8·d + 20) bytes, ~8 MB. */
  private static final MapReducePass.Shape KMEANS_1000 = new MapReducePass.Shape(1000, 1000L * (8 * 1000 + 20));

  private Path input(long bytes) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("in"));
    Files.write(dir.resolve("points.csv"), new byte[(int) bytes]);
    Files.write(dir.resolve("_SUCCESS"), new byte[100]); // hidden: FileInputFormat skips it, so must the estimate
    return dir;
  }

  private MapReducePass pass(Configuration conf, Path input) {
    return new MapReducePass(conf, input.toString(), new org.apache.hadoop.fs.Path(tmp.resolve("work").toUri()), null);
  }

  @Test
  void theMapTaskEstimateIsWhatFileInputFormatMakes() throws Exception {
    Configuration conf = LocalRun.conf(tmp);
    Path in = input(1 * MB);
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 4096);
    Job job = Job.getInstance(conf);
    FileInputFormat.setInputPaths(job, in.toString());
    int splits = new TextInputFormat().getSplits(job).size();
    InputSize size = InputSize.of(conf, in.toString());
    assertEquals(1 * MB, size.bytes());
    assertEquals(1, size.files());
    // FileInputFormat lets the last split grow by up to 10 % (SPLIT_SLOP), so it may make one split fewer.
    assertEquals(256, size.mapTasks());
    assertEquals(true, splits == 256 || splits == 255, "FileInputFormat made " + splits);
  }

  @Test
  void aSmallInputGetsOneReducer() throws Exception {
    Configuration conf = LocalRun.conf(tmp);
    Path in = input(1 * MB); // one split: 8 MB of statistics
    assertEquals(1, pass(conf, in).inputSize().mapTasks());
    assertEquals(1, pass(conf, in).reducers(KMEANS_1000));
  }

  @Test
  void aLargeInputGetsOneReducerPer256MbOfStatistics() throws Exception {
    Configuration conf = LocalRun.conf(tmp);
    Path in = input(1 * MB);
    // 1 MB in 4 KB splits: 256 map tasks, as a 32 GB input in 128 MB blocks would have.
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 4096);
    long statistics = 256L * KMEANS_1000.bytesPerTask(); // 2.05 GB
    int expected = (int) ((statistics + 256 * MB - 1) / (256 * MB));
    assertEquals(8, expected);
    assertEquals(expected, pass(conf, in).reducers(KMEANS_1000));
    // ... and never more than there are slots to spread: 3 centres, 3 reducers at most.
    assertEquals(3, pass(conf, in).reducers(new MapReducePass.Shape(3, 400 * MB)));
    // A smaller --bytes-per-reducer means more reducers.
    conf.setLong("shardtrain.mr.bytes-per-reducer", 64 * MB);
    assertEquals(31, pass(conf, in).reducers(KMEANS_1000));
  }

  @Test
  void theUsersChoiceWins() throws Exception {
    Configuration conf = LocalRun.conf(tmp);
    Path in = input(1 * MB);
    conf.setInt("mapreduce.job.reduces", 5); // -D mapreduce.job.reduces=5
    assertEquals(5, pass(conf, in).reducers(KMEANS_1000));
    conf.setInt("shardtrain.mr.reducers", 7); // --reducers 7 over -D mapreduce.job.reduces
    assertEquals(7, pass(conf, in).reducers(KMEANS_1000));
    // Hadoop's own default (mapred-default.xml's 1) is not a choice: the estimate applies.
    Configuration plain = new org.apache.hadoop.mapred.JobConf(LocalRun.conf(tmp));
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 4096);
    plain.setLong(FileInputFormat.SPLIT_MAXSIZE, 4096);
    assertEquals("1", plain.get("mapreduce.job.reduces"));
    assertEquals(8, pass(plain, in).reducers(KMEANS_1000));
  }

  @Test
  void theArithmetic() {
    assertEquals(1, ReducerEstimator.reducers(0, 256 * MB, 1000));
    assertEquals(1, ReducerEstimator.reducers(256 * MB, 256 * MB, 1000));
    assertEquals(2, ReducerEstimator.reducers(256 * MB + 1, 256 * MB, 1000));
    assertEquals(ReducerEstimator.MAX_REDUCERS, ReducerEstimator.reducers(Long.MAX_VALUE, 256 * MB, Long.MAX_VALUE));
    // 8,000 splits × 8 MB (k = d = 1,000 on 1 TB): 64 GB over 250 reducers of 256 MB.
    assertEquals(250, ReducerEstimator.reducers(ReducerEstimator.statisticsBytes(8000, 8 * MB), 256 * MB, 1000));
    assertEquals(128 * MB, ReducerEstimator.splitSize(128 * MB, 1, Long.MAX_VALUE));
    assertEquals(3, ReducerEstimator.splits(2 * 128 * MB + 1, 128 * MB, true));
    assertEquals(1, ReducerEstimator.splits(10 * 128 * MB, 128 * MB, false));
  }
}
