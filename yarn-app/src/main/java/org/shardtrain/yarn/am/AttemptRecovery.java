package org.shardtrain.yarn.am;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptReport;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.shardtrain.core.param.RunParams;
import org.shardtrain.formats.FsCheckpointStore;
import org.shardtrain.host.program.ProgramTool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a new ApplicationMaster attempt does differently: it runs the program with {@code --resume} (so it
 * continues from the newest good checkpoint and accepts the output its predecessor created), records what
 * failed and when for metrics.json, and deals the input splits to workers as the checkpoint says.
 * Workers are relaunched, not kept across attempts: a worker's state is its shards plus the model, and the
 * model is what the checkpoint holds.
 */
final class AttemptRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(AttemptRecovery.class);

  private AttemptRecovery() {}

  /** Marks {@code conf} for resuming after attempt {@code self - 1}; returns what failed, in words. */
  static String prepare(Configuration conf, ApplicationAttemptId self) {
    ApplicationAttemptId previous = ApplicationAttemptId.newInstance(self.getApplicationId(), self.getAttemptId() - 1);
    long failedAt = ManagementFactory.getRuntimeMXBean().getStartTime();
    String why = "";
    YarnClient yarn = YarnClient.createYarnClient();
    try {
      yarn.init(AmConfs.informationalRmQueries(conf));
      yarn.start();
      ApplicationAttemptReport report = yarn.getApplicationAttemptReport(previous);
      if (report.getFinishTime() > 0) failedAt = report.getFinishTime();
      why = firstLine(report.getDiagnostics());
    } catch (Exception e) {
      // A cluster that refuses the AM's client token for the RM: the attempt's own start is the best bound.
      LOG.warn("no report of {} ({}); timing the recovery from this attempt's start", previous, e.toString());
    } finally {
      yarn.stop();
    }
    String failed = "application master attempt " + previous.getAttemptId() + (why.isEmpty() ? "" : " (" + why + ")");
    RunParams.RESUME.write(conf::set, true);
    ProgramTool.RECOVERY_FAILED.write(conf::set, failed);
    ProgramTool.RECOVERY_FAILED_AT.write(conf::set, failedAt);
    return failed;
  }

  /**
   * The split assignment: the newest good checkpoint's when resuming and it covers exactly the splits the
   * input has now, otherwise dealt afresh by the workers' measured throughputs ({@code weights}).
   */
  static ShardPlan plan(Configuration conf, double[] weights, PrintStream err) throws Exception {
    int workers = weights.length;
    ShardPlan fresh = ShardPlan.of(conf, RunParams.INPUT.read(conf::get), weights);
    if (!RunParams.RESUME.read(conf::get)) return fresh;
    String dir = RunParams.CHECKPOINT_DIR.read(conf::get);
    Path checkpoints = dir != null ? new Path(dir) : new Path(RunParams.OUTPUT.read(conf::get), "_checkpoints");
    List<String> recorded = FsCheckpointStore.latestAssignment(conf, checkpoints);
    if (recorded.isEmpty()) return fresh;
    if (!splitsOf(recorded).equals(splitsOf(fresh.assignment()))) {
      err.println("the input's splits differ from the checkpoint's; dealing them to workers afresh");
      return fresh;
    }
    try {
      return ShardPlan.restore(conf, recorded, workers);
    } catch (Exception e) { // e.g. fewer workers than the checkpoint's run had
      err.println("the checkpoint's shard assignment does not fit this run (" + e.getMessage() + "); dealing afresh");
      return fresh;
    }
  }

  /** The splits of an assignment, without the worker column. */
  private static HashSet<String> splitsOf(List<String> assignment) {
    HashSet<String> out = new HashSet<>();
    for (String line : assignment) out.add(line.substring(line.indexOf('\t') + 1));
    return out;
  }

  private static String firstLine(String s) {
    return s == null || s.isBlank() ? "" : s.trim().split("\n")[0];
  }
}
