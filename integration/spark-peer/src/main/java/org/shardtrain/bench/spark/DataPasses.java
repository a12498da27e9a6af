package org.shardtrain.bench.spark;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;

/**
 * Counts the Spark jobs one fit runs: its passes over the cached training data, the figure shardtrain reports
 * as {@code passes}. spark.ml's L-BFGS runs one job (a treeAggregate) per loss-and-gradient evaluation, line
 * search trials included, plus one for the feature and label summary — as shardtrain runs one pass per
 * evaluation plus its scan pass. Jobs are tagged with a job group so that nothing else is counted.
 */
final class DataPasses extends SparkListener {
  private static final String GROUP_KEY = "spark.jobGroup.id";
  private final String group;
  private final AtomicInteger jobs = new AtomicInteger();

  private DataPasses(String group) { this.group = group; }

  /** Starts counting the jobs this thread submits from now on. */
  static DataPasses start(SparkContext sc, String group) {
    DataPasses counter = new DataPasses(group);
    sc.addSparkListener(counter);
    sc.setJobGroup(group, "benchmark fit", false);
    return counter;
  }

  /** Stops tagging jobs and returns how many ran; waits for the listener bus (events arrive asynchronously). */
  int stop(SparkContext sc) {
    sc.clearJobGroup();
    try {
      sc.listenerBus().waitUntilEmpty(); // Scala private[spark], public in bytecode: the only way to wait for it
    } catch (TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain in time", e);
    }
    sc.removeSparkListener(this);
    return jobs.get();
  }

  @Override
  public void onJobStart(SparkListenerJobStart start) {
    if (start.properties() != null && group.equals(start.properties().getProperty(GROUP_KEY))) jobs.incrementAndGet();
  }
}
