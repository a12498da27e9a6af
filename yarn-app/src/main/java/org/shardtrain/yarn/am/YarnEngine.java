package org.shardtrain.yarn.am;

import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.io.Json;
import org.shardtrain.core.kmeans.DistanceMeasure;
import org.shardtrain.core.loop.IterationListener;
import org.shardtrain.host.engine.AlsEngine;
import org.shardtrain.host.engine.KMeansEngine;
import org.shardtrain.host.engine.SgdEngine;
import org.shardtrain.host.engine.TrainingEngine;

/**
 * {@code --engine yarn}, as the ApplicationMaster runs it: each pass is one command to the workers, which
 * hold their shards in memory; their statistics come back over RPC and merge here with the same code the
 * MapReduce reducers use.
 */
public final class YarnEngine implements TrainingEngine {
  private final Coordinator coordinator;
  private final ShardPlan plan;
  private final RunStatus status;

  public YarnEngine(Coordinator coordinator, ShardPlan plan, RunStatus status) {
    this.coordinator = coordinator;
    this.plan = plan;
    this.status = status;
  }

  @Override public String name() { return "yarn"; }

  @Override public List<String> assignment() { return plan.assignment(); }

  @Override
  public KMeansEngine kmeans(Configuration conf, String inputs, Path workDir, Path rejectsDir, int dimension,
                             DistanceMeasure measure, long seed) throws Exception {
    return new YarnKMeansPasses(coordinator, plan, rejectsDir, dimension, measure, seed);
  }

  @Override
  public SgdEngine sgd(Configuration conf, String inputs, String testInputs, Path workDir, Path rejectsDir)
      throws Exception {
    ShardPlan test = testInputs == null ? null : ShardPlan.of(conf, testInputs, plan.workers());
    return new YarnSgdPasses(coordinator, plan, test, rejectsDir);
  }

  @Override
  public AlsEngine als(Configuration conf, Path workDir, Path factorsRoot, Path rejectsDir) throws Exception {
    return new YarnAlsPasses(conf, coordinator, plan, workDir, factorsRoot, rejectsDir);
  }

  @Override
  public IterationListener listener(int maxIterations, IterationListener progress) {
    status.maxIterations(maxIterations);
    status.state("training");
    return (record, converged) -> {
      status.iterationDone(record, converged);
      progress.iterationDone(record, converged);
    };
  }

  @Override
  public void describe(Map<String, Object> metrics) {
    metrics.put("engine", name());
    List<Object> workers = Json.array();
    for (int i = 0; i < coordinator.workers(); i++) workers.add(coordinator.slot(i).describe());
    metrics.put("workers", workers);
    int splits = 0;
    for (int w = 0; w < plan.workers(); w++) splits += plan.shards(w).size();
    metrics.put("input_splits", splits);
    metrics.put("recoveries", new java.util.ArrayList<Object>(coordinator.recoveries()));
  }
}
