package org.shardtrain.integration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.PrivilegedExceptionAction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.mapreduce.v2.MiniMRYarnCluster;
import org.apache.hadoop.minikdc.MiniKdc;
import org.apache.hadoop.net.NetUtils;
import org.apache.hadoop.security.SecurityUtil;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.authentication.util.KerberosName;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.io.nativeio.NativeIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.shardtrain.core.kmeans.KMeansModel;
import org.shardtrain.core.testing.BruteForce;
import org.shardtrain.core.testing.Datasets;
import org.shardtrain.yarn.rpc.Command;
import org.shardtrain.yarn.rpc.WorkerProtocol;
import org.shardtrain.yarn.rpc.WorkerRpc;
import org.shardtrain.yarn.rpc.WorkerToken;
import org.shardtrain.yarn.worker.WorkerMain;

/**
 * A Kerberos-secured cluster in-process: a real KDC (MiniKdc), HDFS and YARN with Kerberos authentication,
 * service-level authorisation and block access tokens, and a user with a keytab of their own. The
 * client is the launcher in its own JVM, as a user starts it with {@code HADOOP_CONF_DIR}. Its own JVM too
 * (a failsafe execution of its own): the login of a secured in-process cluster is process-wide and would
 * turn every other test's cluster into a secured one.
 *
 * <p>Every service logs in as one principal, {@code hdfs/localhost}: in one JVM each service's keytab login
 * replaces the process's login user, so distinct service principals would take each other's identity.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureClusterIT {
  /** The namenode's delegation-token renewal interval: short, so that a run outlives it twice. */
  static final long RENEW_INTERVAL_MS = 6_000;
  /**
   * The user who runs shardtrain: the operating system's user of this JVM. The NodeManagers run containers
   * with the DefaultContainerExecutor, as that user (a real secure node's LinuxContainerExecutor runs them as
   * the submitter), and the shuffle serves map outputs only when their owner is the job's user.
   */
  static final String USER = System.getProperty("user.name");

  static File base;
  static MiniKdc kdc;
  static MiniDFSCluster dfs;
  static MiniMRYarnCluster yarn;
  static File confDir;
  static File userKeytab;
  static String userPrincipal;
  static java.nio.file.Path iris;

  @BeforeAll
  static void start() throws Exception {
    base = new File(System.getProperty("test.build.data", "target/test-data"), "secure-cluster").getAbsoluteFile();
    FileUtil.fullyDelete(base);
    assertTrue(base.mkdirs());
    kdc = new MiniKdc(MiniKdc.createConf(), new File(base, "kdc"));
    kdc.start();
    KerberosName.resetDefaultRealm(); // the realm of MiniKdc's krb5.conf, not of whatever was read before
    File services = new File(base, "services.keytab");
    kdc.createPrincipal(services, "hdfs/localhost", "HTTP/localhost");
    userKeytab = new File(base, "user.keytab");
    kdc.createPrincipal(userKeytab, USER);
    String realm = kdc.getRealm();
    userPrincipal = USER + "@" + realm;
    String service = "hdfs/localhost@" + realm;
    String http = "HTTP/localhost@" + realm;
    String keytab = services.getAbsolutePath();

    Configuration conf = new Configuration();
    SecurityUtil.setAuthenticationMethod(UserGroupInformation.AuthenticationMethod.KERBEROS, conf);
    conf.setBoolean("hadoop.security.authorization", true);
    conf.set("hadoop.rpc.protection", "authentication");
    for (String k : new String[] {"dfs.namenode", "dfs.datanode", "dfs.journalnode"}) {
      conf.set(k + ".kerberos.principal", service);
      conf.set(k + ".keytab.file", keytab);
    }
    conf.set("dfs.web.authentication.kerberos.principal", http);
    conf.set("dfs.web.authentication.kerberos.keytab", keytab);
    conf.set("dfs.namenode.kerberos.internal.spnego.principal", http);
    conf.setBoolean("dfs.block.access.token.enable", true);
    // DataNodes on unprivileged ports without SASL data transfer: a test-only switch of HDFS.
    conf.setBoolean("ignore.secure.ports.for.testing", true);
    conf.setLong("dfs.namenode.delegation.token.renew-interval", RENEW_INTERVAL_MS);
    conf.set(YarnConfiguration.RM_PRINCIPAL, service);
    conf.set(YarnConfiguration.RM_KEYTAB, keytab);
    conf.set(YarnConfiguration.NM_PRINCIPAL, service);
    conf.set(YarnConfiguration.NM_KEYTAB, keytab);
    conf.set(YarnConfiguration.RM_WEBAPP_SPNEGO_USER_NAME_KEY, http);
    conf.set(YarnConfiguration.RM_WEBAPP_SPNEGO_KEYTAB_FILE_KEY, keytab);
    conf.set(YarnConfiguration.NM_WEBAPP_SPNEGO_USER_NAME_KEY, http);
    conf.set(YarnConfiguration.NM_WEBAPP_SPNEGO_KEYTAB_FILE_KEY, keytab);
    conf.set("mapreduce.jobhistory.principal", service);
    conf.set("mapreduce.jobhistory.keytab", keytab);
    conf.set("mapreduce.jobhistory.webapp.spnego-principal", http);
    conf.set("mapreduce.jobhistory.webapp.spnego-keytab-file", keytab);
    UserGroupInformation.setConfiguration(conf);
    UserGroupInformation.loginUserFromKeytab(service, keytab);

    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(base, "dfs").getAbsolutePath());
    MiniClusters.quickBlockCompletion(conf);
    dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    dfs.waitClusterUp();
    FileSystem fs = dfs.getFileSystem();
    fs.mkdirs(new Path("/tmp"), new FsPermission((short) 01777));
    fs.setPermission(new Path("/tmp"), new FsPermission((short) 01777));
    fs.mkdirs(new Path("/user/" + USER + ""));
    fs.setOwner(new Path("/user/" + USER), USER, USER);

    Configuration yc = new Configuration(dfs.getConfiguration(0));
    yc.set("fs.defaultFS", fs.getUri().toString());
    MiniClusters.sizeForTests(yc, base);
    // A real node has /etc/krb5.conf for its containers' JVMs (Hadoop's login needs the realm even with
    // tokens alone); here the NodeManager hands the KDC's file to every container.
    yc.set(YarnConfiguration.NM_ADMIN_USER_ENV,
        "JAVA_TOOL_OPTIONS=-Djava.security.krb5.conf=" + kdc.getKrb5conf().getAbsolutePath());
    yarn = new MiniMRYarnCluster("secure", 1);
    yarn.init(yc);
    yarn.start();

    // HADOOP_CONF_DIR for the launcher: the cluster's configuration as a client sees it. Idle RPC
    // connections close after 0.5 s, so that the AM authenticates to the namenode again (with its token)
    // many times during a run, not once at its start.
    Configuration client = new Configuration(yarn.getConfig());
    client.set("fs.defaultFS", fs.getUri().toString());
    client.setInt("ipc.client.connection.maxidletime", 500);
    confDir = new File(base, "conf");
    assertTrue(confDir.mkdirs());
    // Every *-site file (each *-default file loaded after core-site.xml would undo what it says otherwise).
    for (String site : new String[] {"core-site.xml", "hdfs-site.xml", "yarn-site.xml", "mapred-site.xml"}) {
      try (OutputStream o = new java.io.FileOutputStream(new File(confDir, site))) {
        client.writeXml(o);
      }
    }
    iris = Datasets.shipped("iris/points.csv");
    fs.copyFromLocalFile(new Path(iris.toString()), new Path("/user/" + USER + "/iris.csv"));
    fs.setOwner(new Path("/user/" + USER + "/iris.csv"), USER, USER);
  }

  @AfterAll
  static void stop() {
    if (yarn != null) yarn.stop();
    if (dfs != null) dfs.shutdown();
    if (kdc != null) kdc.stop();
  }

  /** The launcher in its own JVM against the secure cluster; no ticket cache unless a test gives one. */
  static Process launch(String name, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("bash", Datasets.projectFile("scripts/shardtrain").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("HADOOP_CONF_DIR", confDir.getAbsolutePath());
    pb.environment().put("SHARDTRAIN_JVM_OPTS", "-Djava.security.krb5.conf=" + kdc.getKrb5conf().getAbsolutePath());
    pb.environment().put("KRB5CCNAME", "FILE:" + new File(base, "no-ticket-cache").getAbsolutePath());
    pb.environment().remove("YARN_CONF_DIR");
    return pb.redirectErrorStream(true).redirectOutput(new File(base, name + ".log")).start();
  }

  static String log(String name) throws IOException { return Files.readString(new File(base, name + ".log").toPath()); }

  static int await(Process p, String name) throws Exception {
    boolean ended = p.waitFor(240, TimeUnit.SECONDS);
    if (!ended) p.destroyForcibly();
    assertTrue(ended, name + " did not end within 240 s:\n" + log(name));
    return p.exitValue();
  }

  @Test
  @Order(1)
  void aRunWithoutKerberosCredentialsIsRefusedInOneLine() throws Exception {
    Process p = launch("no-ticket", "kmeans", "--engine", "yarn", "--input", "/user/" + USER + "/iris.csv", "--format", "csv",
        "--k", "3", "--output", "/user/" + USER + "/refused");
    assertEquals(1, await(p, "no-ticket"), log("no-ticket"));
    String out = log("no-ticket");
    assertTrue(out.contains("shardtrain kmeans: error: this cluster uses Kerberos (hadoop.security.authentication=kerberos)"
        + " and ") && out.contains(" has no Kerberos ticket: run kinit, or pass --principal and --keytab"), out);
    assertFalse(out.contains("\tat "), "no stack trace:\n" + out);
    assertFalse(dfs.getFileSystem().exists(new Path("/user/" + USER + "/refused")));

    Process wrong = launch("wrong-keytab", "kmeans", "--input", "/user/" + USER + "/iris.csv", "--format", "csv", "--k", "3",
        "--output", "/user/" + USER + "/refused", "--principal", "bob@" + kdc.getRealm(), "--keytab", userKeytab.getPath());
    assertEquals(1, await(wrong, "wrong-keytab"), log("wrong-keytab"));
    assertTrue(log("wrong-keytab").contains("shardtrain kmeans: error: cannot log in as bob@" + kdc.getRealm()
        + " with the keytab " + userKeytab.getPath()), log("wrong-keytab"));
  }

  @Test
  @Order(2)
  void kmeansOnYarnRunsAsTheUserPastTheTokensRenewalIntervalAndItsAmRefusesStrangers() throws Exception {
    String output = "/user/" + USER + "/kmeans-yarn";
    long start = System.nanoTime();
    Process run = launch("yarn", "kmeans", "-D", WorkerMain.PASS_DELAY + "=1500", "--engine", "yarn",
        "--worker-memory", "512", "--am-memory", "512", "--input", "/user/" + USER + "/iris.csv", "--format", "csv", "--k", "3",
        "--seed", "1", "--tol", "0", "--max-iter", "10", "--output", output,
        "--principal", userPrincipal, "--keytab", userKeytab.getAbsolutePath());

    // While it runs: the AM's worker service, at the address the AM registered, refuses a caller without
    // the application's token and one with a token forged from another secret.
    ApplicationReport app = runningApplication(run);
    InetSocketAddress am = NetUtils.createSocketAddrForHost(app.getHost(), app.getRpcPort());
    Exception noToken = assertThrows(Exception.class, () -> callAm(am, null));
    assertTrue(causes(noToken).contains("Client cannot authenticate via:[TOKEN]"), causes(noToken));
    WorkerToken.Manager forged = new WorkerToken.Manager(new byte[32], app.getApplicationId().toString());
    Exception forgedToken = assertThrows(Exception.class, () -> callAm(am, forged));
    assertTrue(causes(forgedToken).contains("DIGEST-MD5"), causes(forgedToken));

    // The namenode's record of the run's tokens: renewed (by the ResourceManager) past their first interval.
    long longestLife = 0;
    while (run.isAlive()) {
      longestLife = Math.max(longestLife, longestTokenLifeMs(userPrincipal));
      Thread.sleep(300);
    }
    int exit = await(run, "yarn");
    double wall = (System.nanoTime() - start) / 1e9;
    String out = log("yarn");
    assertEquals(0, exit, out);
    assertTrue(out.contains("submitted " + app.getApplicationId()), out);
    assertTrue(out.contains("shardtrain kmeans: Kerberos: running as " + userPrincipal + " with HDFS_DELEGATION_TOKEN for "
        + dfs.getFileSystem().getUri() + ", the ResourceManager's token (renewed by"), out);
    assertTrue(longestLife > RENEW_INTERVAL_MS + 1000, "no token of the user's was renewed: " + longestLife + " ms");
    // The premise of "past the renewal interval": the AM reconnected to the namenode after it had passed.
    assertTrue(wall * 1000 > 2 * RENEW_INTERVAL_MS, "the run took only " + wall + " s");
    FileSystem fs = dfs.getFileSystem();
    assertEquals(USER, fs.getFileStatus(new Path(output, "model/model.avro")).getOwner(), "written as the user");
    assertFalse(fs.exists(new Path("/user/" + USER + "/.shardtrain/staging/" + app.getApplicationId())), "staging removed");
    JsonNode metrics = ItFiles.metrics(fs, output);
    assertEquals("yarn", metrics.get("engine").asText());
    KMeansModel model = ItFiles.kmeans(yarn.getConfig(), output + "/model/model.avro");
    assertIsIrisOptimum(model, metrics);
    assertTrue(yarnLogsContain(app.getApplicationId().toString(), "Auth failed for "),
        "the AM logged the refused caller");
  }

  @Test
  @Order(3)
  void kmeansOnMapReduceRunsAsTheUserAndAgreesWithYarn() throws Exception {
    String output = "/user/" + USER + "/kmeans-mr";
    // Without libhadoop.so (below) the reduce cannot fetch; one attempt shows it as well as four.
    String reduceAttempts = "mapreduce.reduce.maxattempts=" + (NativeIO.isAvailable() ? 4 : 1);
    Process run = launch("mr", "kmeans", "-D", reduceAttempts, "--engine", "mr", "--input", "/user/" + USER + "/iris.csv",
        "--format", "csv", "--k", "3", "--seed", "1", "--tol", "0", "--max-iter", "10", "--output", output,
        "--principal", userPrincipal, "--keytab", userKeytab.getAbsolutePath());
    int exit = await(run, "mr");
    String out = log("mr");
    if (!NativeIO.isAvailable()) {
      // Hadoop's own limit, not shardtrain's: with Kerberos on, a NodeManager serves map outputs to reduces
      // only after checking their owner through libhadoop.so ("Secure IO is not possible without native
      // code extensions"), which this machine lacks (HADOOP_HOME/lib/native on a real node). What comes
      // before it is shardtrain's and is checked: the job was accepted from the keytab login, and its map
      // tasks read the input in their containers with the run's delegation tokens; the reduce is what fails.
      assertEquals(3, exit, out);
      assertTrue(out.contains("(shardtrain scan) failed: Task failed task_") && out.contains("_r_000000"), out);
      Assumptions.abort("MapReduce on the secure cluster ran its map tasks; its reduces need libhadoop.so for the "
          + "secure shuffle (set HADOOP_HOME to a Hadoop 3.5 installation to run it to the end)");
    }
    assertEquals(0, exit, out);
    FileSystem fs = dfs.getFileSystem();
    assertEquals(USER, fs.getFileStatus(new Path(output, "model/model.avro")).getOwner());
    JsonNode metrics = ItFiles.metrics(fs, output);
    assertEquals("mr", metrics.get("engine").asText());
    KMeansModel model = ItFiles.kmeans(yarn.getConfig(), output + "/model/model.avro");
    assertIsIrisOptimum(model, metrics);
    KMeansModel onYarn = ItFiles.kmeans(yarn.getConfig(), "/user/" + USER + "/kmeans-yarn/model/model.avro");
    assertArrayEquals(onYarn.centres(), model.centres(), 1e-9, "both engines, same seed: same centres");
  }

  /** data/README.md: the optimum of Iris with k = 3 is WSSSE 78.8514; the reported figure is the model's own. */
  static void assertIsIrisOptimum(KMeansModel model, JsonNode metrics) throws IOException {
    double[][] points = Datasets.readCsv(iris);
    double wssse = BruteForce.wssse(points, BruteForce.rows(model.centres(), points[0].length));
    assertEquals(wssse, metrics.get("wssse").asDouble(), 1e-6 * wssse);
    assertEquals(78.8514, wssse, 1e-3);
  }

  /** The longest validity (expiry − issue) among the namenode's live delegation tokens of {@code owner}. */
  static long longestTokenLifeMs(String owner) {
    long longest = 0;
    for (var t : org.apache.hadoop.hdfs.server.namenode.NameNodeAdapter.getDtSecretManager(dfs.getNamesystem())
        .saveSecretManagerState().tokens) {
      if (t.getOwner().equals(owner) || t.getOwner().equals(USER)) longest = Math.max(longest, t.getExpiryDate() - t.getIssueDate());
    }
    return longest;
  }

  static ApplicationReport runningApplication(Process run) throws Exception {
    YarnClient client = YarnClient.createYarnClient();
    client.init(yarn.getConfig());
    client.start();
    try {
      long deadline = System.currentTimeMillis() + 120_000;
      while (System.currentTimeMillis() < deadline && run.isAlive()) {
        for (ApplicationReport r : client.getApplications(java.util.Set.of("SHARDTRAIN"))) {
          if (r.getYarnApplicationState() == YarnApplicationState.RUNNING && r.getRpcPort() > 0) return r;
        }
        Thread.sleep(200);
      }
      throw new AssertionError("no running shardtrain application:\n" + log("yarn"));
    } finally {
      client.stop();
    }
  }

  /** One call of the worker protocol as a stranger: no token, or the given one. */
  static Command callAm(InetSocketAddress am, WorkerToken.Manager tokens) throws Exception {
    UserGroupInformation stranger = UserGroupInformation.createRemoteUser("stranger");
    if (tokens != null) stranger.addToken(tokens.token());
    return stranger.doAs((PrivilegedExceptionAction<Command>) () -> {
      Configuration conf = new Configuration(yarn.getConfig());
      conf.setInt("ipc.client.connect.max.retries", 0);
      WorkerProtocol proxy = WorkerRpc.proxy(conf, am);
      try {
        return proxy.nextCommand(0, Command.NONE, 10);
      } finally {
        WorkerRpc.close(proxy);
      }
    });
  }

  /** Whether the application's container logs (on this cluster's NodeManager) contain the text. */
  static boolean yarnLogsContain(String application, String text) throws IOException {
    // MiniYARNCluster keeps its NodeManagers' logs under test.build.data/<its name>.
    try (var files = Files.walk(new File(System.getProperty("test.build.data", "target/test-data"), "secure").toPath())) {
      return files.filter(f -> f.toString().contains(application) && f.getFileName().toString().equals("stderr"))
          .anyMatch(f -> {
            try {
              return Files.readString(f).contains(text);
            } catch (IOException e) {
              return false;
            }
          });
    }
  }

  static String causes(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) sb.append(t).append(" | ");
    return sb.toString();
  }
}
