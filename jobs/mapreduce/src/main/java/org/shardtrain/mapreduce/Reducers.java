package org.shardtrain.mapreduce;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.shardtrain.core.param.RunParams;

/**
 * The reducer count of a shardtrain job, in order of precedence: {@code --reducers N} (N ≥ 1); else
 * {@code -D mapreduce.job.reduces} when the user set it (anywhere but Hadoop's mapred-default.xml, whose 1
 * would put every shuffle through one reducer on a cluster that never changed it); else the estimate from
 * the data ({@link ReducerEstimator}, one per {@code --bytes-per-reducer}).
 */
public final class Reducers {
  private Reducers() {}

  /** {@code shuffleBytes}: what the reducers will receive; {@code useful}: more reducers than this stay idle. */
  public static int choose(Configuration conf, long shuffleBytes, long useful) {
    int flag = RunParams.REDUCERS.read(conf::get);
    if (flag > 0) return flag;
    if (userSet(conf, MRJobConfig.NUM_REDUCES)) return Math.max(1, conf.getInt(MRJobConfig.NUM_REDUCES, 1));
    return ReducerEstimator.reducers(shuffleBytes, RunParams.BYTES_PER_REDUCER.read(conf::get), useful);
  }

  private static boolean userSet(Configuration conf, String key) {
    String[] sources = conf.getPropertySources(key);
    return sources != null && !(sources.length == 1 && sources[0].endsWith("-default.xml"));
  }
}
