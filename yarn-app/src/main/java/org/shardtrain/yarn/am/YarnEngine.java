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
    return new YarnAlsPasses(conf, coordinator, plan, factorsRoot, rejectsDir);
  }

  @Override
  public IterationListener listener(int maxIterations, IterationListener progress) {
    status.maxIterations(maxIterations);
    status.state("training");
    coordinationBase = coordinationNow();
    return (record, converged) -> {
      coordination.add(coordinationOf(record.iteration()));
      status.iterationDone(record, converged);
      progress.iterationDone(record, converged);
    };
  }

  /** Per iteration: what the AM moved and merged as the hub, and the NameNode operations the run issued. */
  private final List<Object> coordination = Json.array();
  private long[] coordinationBase;

  /** [bytes to workers, bytes from workers, merge ns, created, opened, deleted, allreduce passes] so far. */
  private long[] coordinationNow() {
    Coordinator.Traffic t = coordinator.traffic();
    org.shardtrain.yarn.rpc.NameNodeOps ops = t.workersNameNodeOps().plus(org.shardtrain.yarn.rpc.NameNodeOps.ofThisProcess());
    return new long[] {t.bytesToWorkers(), t.bytesFromWorkers(), Math.round(t.mergeSeconds() * 1e9), ops.created(),
        ops.opened(), ops.deleted(), t.collectivePasses()};
  }

  private Map<String, Object> coordinationOf(int iteration) {
    long[] now = coordinationNow();
    long[] d = new long[now.length];
    for (int i = 0; i < now.length; i++) d[i] = now[i] - coordinationBase[i];
    coordinationBase = now;
    Map<String, Object> m = Json.object();
    m.put("iteration", iteration);
    m.put("am_bytes_out", d[0]);
    m.put("am_bytes_in", d[1]);
    m.put("am_bytes_per_worker", (d[0] + d[1]) / Math.max(1, coordinator.workers()));
    m.put("am_merge_seconds", d[2] / 1e9);
    m.put("namenode_files_created", d[3]);
    m.put("namenode_files_opened", d[4]);
    m.put("namenode_files_deleted", d[5]);
    m.put("allreduce_passes", d[6]);
    return m;
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
    metrics.put("coordination", new java.util.ArrayList<Object>(coordination));
    metrics.put("allreduce_reposts", coordinator.traffic().collectiveReposts());
  }
}
