package org.shardtrain.yarn.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.util.ClassUtil;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.api.YarnClientApplication;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.shardtrain.core.param.RunParams;
import org.shardtrain.formats.input.PrivateDirs;
import org.shardtrain.host.program.ConsoleLine;
import org.shardtrain.host.program.ProgramTool;
import org.shardtrain.yarn.am.AppMaster;
import org.shardtrain.yarn.am.Staging;
import org.shardtrain.yarn.am.WorkerPools;
import org.shardtrain.yarn.am.YarnResources;
import org.shardtrain.yarn.rpc.WorkerToken;

/**
 * One YARN application: stages the configuration (every resolved parameter included) and the job jar
 * in a private staging directory, submits the ApplicationMaster with the application's secret in its
 * credentials, prints the program's progress lines as the AM serves them, and ends with the program's own
 * output and exit code (or the AM's diagnostics).
 */
final class Submission {
  static final String APPLICATION_TYPE = "SHARDTRAIN";

  private final Configuration conf;
  private final String program;
  private final Map<String, String> values;
  private final PrintStream out;
  private final PrintStream err;
  private final java.util.Set<java.net.URI> runFileSystems;
  private List<String> resourceTypes = List.of();

  Submission(Configuration conf, String program, Map<String, String> values, java.util.Set<java.net.URI> runFileSystems,
             PrintStream out, PrintStream err) {
    this.conf = conf;
    this.program = program;
    // The submitter's login stays here: the AM and workers run on tokens, and never learn of a keytab.
    this.values = new java.util.LinkedHashMap<>(values);
    for (org.shardtrain.core.param.Param<?> p : org.shardtrain.core.param.SecurityParams.ALL) this.values.remove(p.key());
    this.runFileSystems = runFileSystems;
    this.out = out;
    this.err = err;
    this.console = new ConsoleLine(err);
  }

  int run() throws Exception {
    YarnClient yarn = YarnClient.createYarnClient();
    yarn.init(conf);
    yarn.start();
    Path staging = null;
    FileSystem fs = FileSystem.get(conf);
    try {
      String refused = QueueCheck.problem(yarn, parameters());
      if (refused == null) refused = GpuPoolCheck.problem(yarn, parameters());
      if (refused == null) refused = WorkerMemoryCheck.problem(conf, program, parameters());
      if (refused != null) {
        err.println("shardtrain " + program + ": error: " + refused);
        return ProgramTool.FAILED;
      }
      resourceTypes = yarn.getResourceTypeInfo().stream().map(t -> t.getName())
          .filter(n -> !n.equals("memory-mb") && !n.equals("vcores")).toList();
      YarnClientApplication app = yarn.createApplication();
      ApplicationId id = app.getNewApplicationResponse().getApplicationId();
      staging = fs.makeQualified(new Path(fs.getHomeDirectory(), ".shardtrain/staging/" + id));
      PrivateDirs.ensure(fs, staging); // the job's configuration: it may hold credentials (-D fs.s3a.secret.key=...)
      stage(fs, staging);

      ApplicationSubmissionContext context = app.getApplicationSubmissionContext();
      context.setApplicationName("shardtrain " + program);
      context.setApplicationType(APPLICATION_TYPE);
      YarnResources resources = resources();
      context.setQueue(resources.queue());
      // A lost AM is retried (the new attempt resumes from the checkpoint); the RM caps this at its own maximum.
      context.setMaxAppAttempts(resources.amAttempts());
      context.setKeepContainersAcrossApplicationAttempts(false);
      int amMemory = resources.amMemoryMb();
      context.setResource(Resource.newInstance(amMemory, 1));
      context.setAMContainerSpec(amContainer(yarn, staging, amMemory));
      Path submitted = staging;
      // Armed before submitting: from here on an interrupted client names the application and kills it.
      ClientInterrupt interrupt = new ClientInterrupt(conf, id, program, detach(), err, () -> deleteQuietly(fs, submitted));
      try {
        yarn.submitApplication(context);
      } catch (Exception | Error e) {
        interrupt.disarm();
        throw e;
      }
      err.println("shardtrain " + program + ": submitted " + id + " to YARN (queue "
          + context.getQueue() + ", " + pools().describe() + ")");
      try {
        int code = follow(yarn, id, fs, staging);
        interrupt.disarm();
        return code;
      } catch (Exception | Error e) {
        if (ClientInterrupt.exiting()) {
          // The exit hooks decide what is printed and done; a stack trace of a closed filesystem would mislead.
          Thread.currentThread().join();
        }
        interrupt.abandon("the client failed (" + e + ")");
        if (detach()) staging = null; // the running application still reads and writes there
        throw e;
      }
    } finally {
      if (staging != null) deleteQuietly(fs, staging);
      yarn.stop();
    }
  }

  private boolean detach() {
    return RunParams.DETACH.read(values::get);
  }

  /** At exit Hadoop's own shutdown hook may have closed the filesystem already: the staging directory then stays. */
  private static void deleteQuietly(FileSystem fs, Path staging) {
    try {
      fs.delete(staging, true);
    } catch (IOException e) {
      // nothing more to do: it is private to this user and named after the application
    }
  }

  /** The run's parameters alone, as configuration (defaults for what is not set). */
  private Configuration parameters() {
    Configuration c = new Configuration(false);
    values.forEach(c::set);
    return c;
  }

  private WorkerPools pools() { return resources().pools(); }

  /** The run's YARN resources, read from its resolved parameters by their declarations. */
  private YarnResources resources() { return YarnResources.from(values::get); }

  private void stage(FileSystem fs, Path staging) throws IOException {
    Configuration job = new Configuration(conf);
    values.forEach(job::set);
    // The cluster's resource types (yarn.io/gpu where declared), so the AM's process-wide table is right before it
    // creates any Resource: reinitialising it later raced with the AM client's heartbeat (ResourceNotFoundException).
    job.set("yarn.resource-types", String.join(",", resourceTypes));
    // Unexpanded ({{PWD}}): each container expands it in its own directory (the AM's own CLASSPATH is expanded).
    Staging.CLASSPATH.write(job::set, Staging.classpath(clusterClasspath()));
    try (OutputStream o = fs.create(new Path(staging, Staging.JOB_CONF), true)) {
      job.writeXml(o);
    }
    String jar = ClassUtil.findContainingJar(Submission.class);
    if (jar != null) fs.copyFromLocalFile(new Path(jar), new Path(staging, Staging.JOB_JAR));
  }

  private ContainerLaunchContext amContainer(YarnClient yarn, Path staging, int memoryMb) throws Exception {
    String command = ApplicationConstants.Environment.JAVA_HOME.$$() + "/bin/java -Xmx" + Math.max(64, memoryMb * 8 / 10)
        + "m -Dlog4j.configuration=shardtrain-container-log4j.properties " + AppMaster.class.getName() + " " + program
        + " 1>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stdout"
        + " 2>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stderr";
    Credentials credentials = new Credentials();
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    credentials.addSecretKey(WorkerToken.SECRET_ALIAS, secret);
    if (UserGroupInformation.isSecurityEnabled()) {
      // Tokens this process already holds (an Oozie launcher's) go along, except a launcher AM's own AMRM
      // token; then one for every filesystem the run touches, the staging directory's included.
      for (org.apache.hadoop.security.token.Token<?> t : UserGroupInformation.getCurrentUser().getCredentials().getAllTokens()) {
        if (!org.apache.hadoop.yarn.security.AMRMTokenIdentifier.KIND_NAME.equals(t.getKind())) {
          credentials.addToken(t.getService(), t);
        }
      }
      java.util.Set<java.net.URI> filesystems = new java.util.LinkedHashSet<>(runFileSystems);
      filesystems.add(staging.getFileSystem(conf).getUri());
      List<String> fetched = ClientTokens.addTokens(yarn, conf, filesystems, credentials);
      err.println("shardtrain " + program + ": Kerberos: running as " + UserGroupInformation.getCurrentUser().getUserName()
          + " with " + (fetched.isEmpty() ? "the tokens it was given" : String.join(", ", fetched))
          + " (renewed by the ResourceManager while the run lasts)");
    }
    DataOutputBuffer tokens = new DataOutputBuffer();
    credentials.writeTokenStorageToStream(tokens);
    Map<String, String> env = Map.of("CLASSPATH", Staging.classpath(clusterClasspath()), Staging.ENV, staging.toString());
    return ContainerLaunchContext.newInstance(Staging.localResources(conf, staging), env, List.of(command), null,
        ByteBuffer.wrap(tokens.getData(), 0, tokens.getLength()), null);
  }

  /** What the cluster's nodes provide: Hadoop's jars; on a mini cluster, this JVM's own classpath. */
  private String clusterClasspath() {
    if (conf.getBoolean(YarnConfiguration.IS_MINI_YARN_CLUSTER, false)) return System.getProperty("java.class.path");
    String[] entries = conf.getStrings(YarnConfiguration.YARN_APPLICATION_CLASSPATH,
        YarnConfiguration.DEFAULT_YARN_CROSS_PLATFORM_APPLICATION_CLASSPATH);
    return String.join(ApplicationConstants.CLASS_PATH_SEPARATOR, entries);
  }

  /** Follows the application to its end, printing the program's lines; returns the exit code. */
  private int follow(YarnClient yarn, ApplicationId id, FileSystem fs, Path staging) throws Exception {
    int printed = 0;
    boolean announced = false;
    EnumSet<YarnApplicationState> done = EnumSet.of(YarnApplicationState.FINISHED, YarnApplicationState.FAILED,
        YarnApplicationState.KILLED);
    ApplicationReport report;
    ApplicationAttemptId attempt = null;
    AmWait amWait = new AmWait(program, id, err);
    while (true) {
      report = yarn.getApplicationReport(id);
      if (done.contains(report.getYarnApplicationState())) break;
      amWait.observe(report);
      ApplicationAttemptId current = report.getCurrentApplicationAttemptId();
      if (attempt != null && current != null && !current.equals(attempt)) {
        // A new AM attempt serves its own log from line 0, at a new address.
        err.println("shardtrain " + program + ": ApplicationMaster attempt " + attempt.getAttemptId() + " was lost; attempt "
            + current.getAttemptId() + " continues from the last checkpoint");
        printed = 0;
        announced = false;
      }
      if (current != null) attempt = current;
      String url = report.getOriginalTrackingUrl();
      if (report.getYarnApplicationState() == YarnApplicationState.RUNNING && url != null && url.startsWith("http")) {
        if (!announced) {
          err.println("shardtrain " + program + ": live status page at " + url + " (JSON: " + url + "status.json"
              + (report.getTrackingUrl() != null && !report.getTrackingUrl().contains(":0/")
                  ? "; via the ResourceManager: " + report.getTrackingUrl() : "") + ")");
          announced = true;
        }
        printed += printLines(fetch(url + "log?from=" + printed));
      }
      Thread.sleep(200);
    }
    Path resultFile = new Path(staging, Staging.RESULT);
    if (fs.exists(new Path(staging, Staging.LOG))) {
      String[] lines = read(fs, new Path(staging, Staging.LOG)).split("\n", -1);
      for (int i = printed; i < lines.length; i++) if (!lines[i].isEmpty()) printLine(lines[i]);
    }
    endProgress();
    if (!fs.exists(resultFile)) {
      err.println("shardtrain " + program + ": error: application " + id + " ended " + report.getYarnApplicationState()
          + ": " + firstLine(report.getDiagnostics()) + " (container logs: yarn logs -applicationId " + id + ")");
      return ProgramTool.FAILED_CLUSTER;
    }
    Properties result = new Properties();
    try (InputStream in = fs.open(resultFile)) {
      result.load(in);
    }
    out.print(read(fs, new Path(staging, Staging.CONSOLE)));
    return Integer.parseInt(result.getProperty("exit", "1"));
  }

  private int printLines(String text) {
    if (text == null || text.isEmpty()) return 0;
    String[] lines = text.split("\n", -1);
    for (String l : lines) printLine(l);
    return lines.length;
  }

  /** The AM's per-iteration lines (Progress) on a terminal: one line rewritten in place, as a local run shows it. */
  private static final java.util.regex.Pattern PROGRESS =
      java.util.regex.Pattern.compile("^\\S+ (iteration|epoch) \\d+: .*\\[\\d+/\\d+[^\\]]*\\]$");
  private final boolean terminal = System.console() != null;
  private final ConsoleLine console;

  private void printLine(String line) {
    if (terminal && err == System.err && PROGRESS.matcher(line).matches()) console.rewrite(line);
    else console.println(line);
  }

  private void endProgress() { console.end(); }

  /** The body of a small GET, or null when the AM does not answer (it may be starting or ending). */
  private static String fetch(String url) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
      c.setConnectTimeout(2000);
      c.setReadTimeout(5000);
      try (InputStream in = c.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      return null;
    }
  }

  private static String read(FileSystem fs, Path p) throws IOException {
    if (!fs.exists(p)) return "";
    try (InputStream in = fs.open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String firstLine(String s) {
    return s == null || s.isBlank() ? "no diagnostics" : s.trim().split("\n")[0];
  }
}
