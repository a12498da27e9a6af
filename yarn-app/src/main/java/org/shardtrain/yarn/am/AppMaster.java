package org.shardtrain.yarn.am;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterResponse;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;
import org.shardtrain.core.param.Param;
import org.shardtrain.core.param.RunParams;
import org.shardtrain.host.Programs;
import org.shardtrain.host.program.ProgramTool;
import org.shardtrain.yarn.rpc.WorkerRpc;
import org.shardtrain.yarn.rpc.WorkerToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ApplicationMaster: {@code AppMaster <program>}. Starts the workers' RPC service and the status page,
 * registers with the ResourceManager, gets one container per worker, then runs the training program itself
 * (the same code as {@code --engine mr}) with a {@link YarnEngine}, and unregisters with the program's
 * outcome. What the program printed goes back to the client through the staging directory.
 */
public final class AppMaster {
  private static final Logger LOG = LoggerFactory.getLogger(AppMaster.class);
  /** How long the workers may take to start and register. */
  public static final String WORKER_START_TIMEOUT = "shardtrain.yarn.worker-start-timeout-ms";
  /** How often the console says which workers it still waits for while they start (tests shorten it). */
  public static final String WORKER_WAIT_REPORT = "shardtrain.yarn.worker-wait-report-ms";
  private static final Param<Long> START_TIMEOUT_MS = Param.longParam("worker-start-timeout-ms", WORKER_START_TIMEOUT)
      .defaultsTo(300_000L).validate(n -> n > 0, "positive").describe("how long the workers may take to register").build();
  private static final Param<Long> WAIT_REPORT_MS = Param.longParam("worker-wait-report-ms", WORKER_WAIT_REPORT)
      .defaultsTo(10_000L).validate(n -> n > 0, "positive").describe("how often the console names the workers still awaited").build();
  public static final String JOB_CONF = Staging.JOB_CONF;

  private AppMaster() {}

  public static void main(String[] args) throws Exception {
    String program = args[0];
    Configuration conf = new YarnConfiguration();
    conf.addResource(new File(JOB_CONF).toURI().toURL());
    // The cluster's resource types as the client staged them, before anything creates a Resource (a
    // process-wide table: changing it once Resources exist breaks their serialisation).
    org.apache.hadoop.yarn.util.resource.ResourceUtils.resetResourceTypes(conf);
    Path staging = new Path(System.getenv(Staging.ENV));
    ContainerId self = ContainerId.fromString(System.getenv(ApplicationConstants.Environment.CONTAINER_ID.name()));
    String application = self.getApplicationAttemptId().getApplicationId().toString();
    String host = System.getenv(ApplicationConstants.Environment.NM_HOST.name());

    Credentials credentials = UserGroupInformation.getCurrentUser().getCredentials();
    byte[] secret = credentials.getSecretKey(WorkerToken.SECRET_ALIAS);
    if (secret == null) throw new IllegalStateException("the AM's credentials hold no worker secret");
    WorkerToken.Manager secrets = new WorkerToken.Manager(secret, application);

    int attempt = self.getApplicationAttemptId().getAttemptId();
    String resumedAfter = attempt > 1 ? AttemptRecovery.prepare(conf, self.getApplicationAttemptId()) : null;
    YarnResources resources = YarnResources.from(conf);
    WorkerPools pools = resources.pools();
    int workers = pools.total();
    Coordinator coordinator = new Coordinator(pools).passTimeout(Coordinator.PASS_TIMEOUT_MS.read(conf::get));
    RunStatus status = new RunStatus(application, program, coordinator);
    coordinator.iterations(status::iteration);
    Server rpc = WorkerRpc.startServer(conf, coordinator, secrets, workers + 2);
    StatusServer http = new StatusServer(status);
    String trackingUrl = "http://" + host + ":" + http.port() + "/";
    LOG.info("worker service on port {}, status at {}", rpc.getListenerAddress().getPort(), trackingUrl);

    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(new Tee(System.out, console, null), true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(new Tee(System.err, null, status), true, StandardCharsets.UTF_8);
    int code = ProgramTool.FAILED;
    String failure = null;
    WorkerPool pool = null;
    try {
      if (resumedAfter != null) err.println("shardtrain " + program + ": ApplicationMaster attempt " + attempt
          + " continues from the last checkpoint after " + resumedAfter);
      WorkerPool.LaunchSpec spec = new WorkerPool.LaunchSpec(program, host, rpc.getListenerAddress().getPort(),
          Staging.localResources(conf, staging), Staging.CLASSPATH.read(conf::get), workerCredentials(credentials, secrets),
          resources.workerMemoryMb(), resources.workerVcores(), resources.maxWorkerFailures(), pools);
      pool = new WorkerPool(conf, coordinator, status, spec);
      // Registered first, so that a bad input found while planning unregisters FAILED (no new attempt).
      RegisterApplicationMasterResponse registration = pool.register(host, rpc.getListenerAddress().getPort(), trackingUrl);
      // Containers are asked for near an even deal of the splits; the workers load the deal by throughput.
      pool.usePlan(ShardPlan.of(conf, RunParams.INPUT.read(conf::get), workers));
      pool.requestWorkers(registration);
      status.state("starting workers");
      String ask = resources.describeAsk();
      coordinator.awaitRegistered(START_TIMEOUT_MS.read(conf::get), WAIT_REPORT_MS.read(conf::get),
          line -> err.println("shardtrain " + program + ": " + line + " " + ask));
      ShardPlan plan = AttemptRecovery.plan(conf, coordinator.throughputs(), err);
      pool.usePlan(plan);
      WorkerReport.print(coordinator, plan, err);
      status.state("loading");
      ProgramTool tool = Programs.named(program);
      tool.setConf(conf);
      tool.withEngine(new YarnEngine(coordinator, plan, status)).withStreams(out, err);
      code = tool.runStaged();
      failure = tool.failure();
    } catch (Exception e) {
      LOG.error("the run failed", e);
      failure = e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0];
      err.println("shardtrain " + program + ": error: " + failure);
    } finally {
      status.state(code == 0 ? "succeeded" : "failed");
      coordinator.stopWorkers();
      writeResult(conf, staging, code, failure, console.toString(StandardCharsets.UTF_8),
          String.join("\n", status.logLines(0)));
      Thread.sleep(500); // lets polling workers see the stop before the service goes
      if (pool != null) pool.finish(code == 0, failure);
      rpc.stop();
      http.close();
    }
    System.exit(0);
  }

  /** The worker containers get the application's token and the AM's filesystem tokens, never the AM's own. */
  private static Credentials workerCredentials(Credentials am, WorkerToken.Manager secrets) {
    Credentials c = new Credentials();
    for (Iterator<Token<?>> it = am.getAllTokens().iterator(); it.hasNext(); ) {
      Token<?> t = it.next();
      if (!t.getKind().equals(AMRMTokenIdentifier.KIND_NAME)) c.addToken(t.getService(), t);
    }
    c.addToken(WorkerToken.KIND, secrets.token());
    return c;
  }

  private static void writeResult(Configuration conf, Path staging, int code, String failure, String console,
                                  String log) {
    try {
      FileSystem fs = staging.getFileSystem(conf);
      Properties p = new Properties();
      p.setProperty("exit", Integer.toString(code));
      if (failure != null) p.setProperty("failure", failure);
      try (OutputStream o = fs.create(new Path(staging, Staging.CONSOLE), true)) {
        o.write(console.getBytes(StandardCharsets.UTF_8));
      }
      try (OutputStream o = fs.create(new Path(staging, Staging.LOG), true)) {
        o.write(log.getBytes(StandardCharsets.UTF_8));
      }
      try (OutputStream o = fs.create(new Path(staging, Staging.RESULT), true)) {
        p.store(o, "shardtrain ApplicationMaster result");
      }
    } catch (Exception e) {
      LOG.error("could not write the result to {}", staging, e);
    }
  }

  /** Copies a stream to the container log and, line by line, to the console capture or the status page. */
  private static final class Tee extends OutputStream {
    private final PrintStream log;
    private final ByteArrayOutputStream capture;
    private final RunStatus status;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    Tee(PrintStream log, ByteArrayOutputStream capture, RunStatus status) {
      this.log = log;
      this.capture = capture;
      this.status = status;
    }

    @Override
    public synchronized void write(int b) {
      log.write(b);
      if (capture != null) capture.write(b);
      if (status != null) {
        if (b == '\n') {
          status.logLine(line.toString(StandardCharsets.UTF_8));
          line.reset();
        } else {
          line.write(b);
        }
      }
    }
  }
}
