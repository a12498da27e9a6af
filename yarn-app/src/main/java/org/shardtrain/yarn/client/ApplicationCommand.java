package org.shardtrain.yarn.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.ApplicationNotFoundException;
import org.shardtrain.host.program.ProgramTool;
import org.shardtrain.yarn.am.Staging;

/**
 * {@code shardtrain status APP_ID} and {@code shardtrain kill APP_ID}: follow or stop a detached run
 * ({@code --detach}) where there is no {@code yarn} command (the embedded cluster of {@code cluster start});
 * on a real cluster they are the same as {@code yarn application -status|-kill}.
 */
public final class ApplicationCommand {
  static final String USAGE = "usage: shardtrain status|kill APP_ID   (APP_ID as printed at submission: application_<cluster>_<n>)";

  private ApplicationCommand() {}

  public static void main(String[] args) {
    System.exit(run(new YarnConfiguration(), args, System.out, System.err));
  }

  /** Exit codes as the programs': 1 no such application or no cluster, 2 usage, 3 the cluster did not answer. */
  static int run(Configuration conf, String[] args, PrintStream out, PrintStream err) {
    if (args.length != 2 || !(args[0].equals("status") || args[0].equals("kill"))) {
      err.println(USAGE);
      return ProgramTool.USAGE;
    }
    String command = args[0];
    ApplicationId id;
    try {
      id = ApplicationId.fromString(args[1]);
    } catch (IllegalArgumentException e) {
      err.println("shardtrain " + command + ": error: '" + args[1] + "' is not an application ID (application_<cluster>_<n>)");
      return ProgramTool.USAGE;
    }
    if (!EmbeddedCluster.configured(conf)) {
      err.println("shardtrain " + command + ": error: no YARN cluster configured: set HADOOP_CONF_DIR (for the embedded "
          + "cluster, as `scripts/shardtrain cluster start` prints)");
      return ProgramTool.FAILED;
    }
    // A stopped embedded cluster must not keep this command retrying for the RM client's default 15 minutes.
    conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_MAX_WAIT_MS, 10_000);
    conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_RETRY_INTERVAL_MS, 1_000);
    YarnClient yarn = YarnClient.createYarnClient();
    yarn.init(conf);
    yarn.start();
    try {
      ApplicationReport report = yarn.getApplicationReport(id);
      if (command.equals("kill")) return kill(yarn, report, out);
      status(conf, report, out);
      return ProgramTool.OK;
    } catch (ApplicationNotFoundException e) {
      err.println("shardtrain " + command + ": error: the ResourceManager at " + conf.get(YarnConfiguration.RM_ADDRESS)
          + " knows no application " + id);
      return ProgramTool.FAILED;
    } catch (Exception e) {
      err.println("shardtrain " + command + ": error: the ResourceManager at " + conf.get(YarnConfiguration.RM_ADDRESS)
          + " did not answer: " + firstLine(e.toString()));
      return ProgramTool.FAILED_CLUSTER;
    } finally {
      yarn.stop();
    }
  }

  private static int kill(YarnClient yarn, ApplicationReport report, PrintStream out) throws Exception {
    if (ended(report)) {
      out.println("shardtrain kill: " + report.getApplicationId() + " had already ended: " + report.getYarnApplicationState()
          + " (" + report.getFinalApplicationStatus() + ")");
      return ProgramTool.OK;
    }
    yarn.killApplication(report.getApplicationId());
    out.println("shardtrain kill: killed " + report.getApplicationId() + " (" + report.getName() + ")");
    return ProgramTool.OK;
  }

  /** One line of state, then the tracking URL while it runs, or the result once it ended. */
  private static void status(Configuration conf, ApplicationReport r, PrintStream out) {
    out.println(r.getApplicationId() + " (" + r.getName() + ", user " + r.getUser() + ", queue " + r.getQueue() + "): "
        + r.getYarnApplicationState() + (ended(r) ? " (final status " + r.getFinalApplicationStatus() + ")"
            : ", progress " + Math.round(r.getProgress() * 100) + "%"));
    if (!ended(r)) {
      if (r.getOriginalTrackingUrl() != null && r.getOriginalTrackingUrl().startsWith("http")) {
        out.println("  live status: " + r.getOriginalTrackingUrl() + " (JSON: " + r.getOriginalTrackingUrl() + "status.json)");
      }
      if (r.getDiagnostics() != null && !r.getDiagnostics().isBlank()) out.println("  " + AmWait.reason(r.getDiagnostics()));
      return;
    }
    String result = result(conf, r);
    if (result != null) out.print(result);
    else if (r.getDiagnostics() != null && !r.getDiagnostics().isBlank()) out.println("  " + firstLine(r.getDiagnostics()));
  }

  /**
   * A shardtrain run's own result, where its staging directory is still there (a detached run's client did
   * not collect it): the program's exit code and console output.
   */
  private static String result(Configuration conf, ApplicationReport r) {
    try {
      FileSystem fs = FileSystem.get(conf);
      Path staging = fs.makeQualified(new Path(fs.getHomeDirectory(), ".shardtrain/staging/" + r.getApplicationId()));
      Path result = new Path(staging, Staging.RESULT);
      if (!fs.exists(result)) return null;
      Properties p = new Properties();
      try (InputStream in = fs.open(result)) {
        p.load(in);
      }
      StringBuilder sb = new StringBuilder("  program exit code " + p.getProperty("exit", "?") + "\n");
      Path console = new Path(staging, Staging.CONSOLE);
      if (fs.exists(console)) {
        try (InputStream in = fs.open(console)) {
          sb.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
      return sb.toString();
    } catch (IOException e) {
      return null; // the RM's own diagnostics are printed instead
    }
  }

  private static boolean ended(ApplicationReport r) {
    YarnApplicationState s = r.getYarnApplicationState();
    return s == YarnApplicationState.FINISHED || s == YarnApplicationState.FAILED || s == YarnApplicationState.KILLED;
  }

  private static String firstLine(String s) {
    return s.trim().split("\n")[0];
  }
}
