package org.shardtrain.oozie;

import static org.shardtrain.oozie.OozieJobs.action;
import static org.shardtrain.oozie.OozieJobs.actionData;
import static org.shardtrain.oozie.OozieJobs.path;
import static org.shardtrain.oozie.OozieJobs.runWorkflow;
import static org.shardtrain.oozie.OozieJobs.waitForCoordinator;
import static org.shardtrain.oozie.OozieJobs.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.oozie.client.CoordinatorAction;
import org.apache.oozie.client.OozieClient;
import org.apache.oozie.client.WorkflowAction;
import org.apache.oozie.client.WorkflowJob;
import org.apache.oozie.local.LocalOozie;
import org.apache.oozie.test.XFsTestCase;

/**
 * A real Oozie 5.2.1 ({@link LocalOozie}: the workflow and coordinator engines with an in-memory HSQLDB) runs
 * the shipped conf/oozie files, unchanged, on the MiniDFS + MiniYARN cluster that Oozie's own test base starts
 * (one per JVM, shared by every test here; {@link StopOozieCluster} stops it). The application directories are
 * deployed as docs/operators-guide.md tells users: the files of conf/oozie/train and, in its lib/, the job jar
 * and the jars of the job jar's lib/, so every java action runs {@code OozieMain} from them in a launcher
 * container. The shipped job.properties are used with only the cluster's addresses and the data paths
 * overridden, plus what a test varies on purpose (the engine, the coordinator's two days), each said where set.
 *
 * <p>JUnit 3 style because Oozie's test base is; the methods are independent (their own data, models and
 * registry paths).
 */
public class ShippedWorkflowsIT extends XFsTestCase {
  /** The optimal WSSSE of Iris at k = 3 (data/README.md: R kmeans, best of 100 starts): no k = 3 model does better. */
  static final double IRIS_K3_OPTIMUM = 78.8514;

  private FileSystem fs;
  private String nameNode;
  private String resourceManager;

  @Override
  protected void setUp() throws Exception {
    // Oozie's periodic services, which a coordinator waits on, run every 1 to 5 minutes by default; the test
    // runs them every few seconds (Oozie reads its configuration keys from system properties too).
    setSystemProperty("oozie.service.CoordMaterializeTriggerService.lookup.interval", "5");
    setSystemProperty("oozie.service.StatusTransitService.statusTransit.interval", "5");
    super.setUp();  // the shared mini cluster (started by the first test), a clean in-memory database
    // The superuser's view (the cluster runs as this process's user, who also submits the jobs).
    fs = FileSystem.get(createJobConf());
    nameNode = getNameNodeUri();
    resourceManager = getJobTrackerUri();
    installShareLib();
    deployTrainApp();
    // The shipped job.properties ask for the system libpath (oozie.use.system.libpath=true): the sharelib
    // service that Oozie's test base leaves out (after its database clean-up, which loads services too).
    setSystemProperty("oozie.services.ext", "org.apache.oozie.service.ShareLibService");
    LocalOozie.start();
  }

  @Override
  protected void tearDown() throws Exception {
    LocalOozie.stop();
    // A test that failed mid-workflow leaves its launcher and the step's application running on the shared
    // cluster, where they would slow (or, through the registry, disturb) the next test.
    try (YarnClient yarn = YarnClient.createYarnClient()) {
      yarn.init(createJobConf());
      yarn.start();
      for (ApplicationReport app : yarn.getApplications(EnumSet.of(YarnApplicationState.NEW,
          YarnApplicationState.NEW_SAVING, YarnApplicationState.SUBMITTED, YarnApplicationState.ACCEPTED,
          YarnApplicationState.RUNNING))) {
        System.out.println("killing " + app.getApplicationId() + " (" + app.getName() + "), left running by " + getName());
        yarn.killApplication(app.getApplicationId());
      }
    }
    super.tearDown();
  }

  /**
   * Oozie's launcher (its LauncherAM and the java action's main) as the "oozie" sharelib under the default
   * system libpath, /user/${user.name}/share/lib/lib_<timestamp>/.
   */
  private void installShareLib() throws Exception {
    Path dir = new Path("/user/" + getOozieUser() + "/share/lib/lib_20261201000000/oozie");
    if (fs.exists(dir)) return;
    File launcher = new File(org.apache.oozie.action.hadoop.LauncherAM.class.getProtectionDomain().getCodeSource()
        .getLocation().toURI());
    put(dir + "/" + launcher.getName(), launcher);
  }

  // ---------------------------------------------------------------------------------------------------------
  // conf/oozie/train

  /**
   * Day 1 on the YARN engine with the shipped k-means parameters (k = 20): nothing is published yet, so the
   * model is — as the registry's own copy of it. Day 2 on the MapReduce engine, same k (a registry compares
   * only models of one shape) but one Lloyd iteration from random centres: it fits worse than day 1's 30 from
   * k-means||, so the workflow takes the kept-previous branch and day 1's model stays published.
   */
  public void testTrainPublishesThenKeepsThePreviousModel() throws Exception {
    put("/data/iris/points.csv", new File(root(), "data/iris/points.csv"));
    Map<String, String> data = Map.of(
        "rawInput", nameNode + "/data/iris/points.csv",
        "evalInput", nameNode + "/data/iris/points.csv");
    String registry = nameNode + "/models/shardtrain/kmeans/published";

    Properties day1 = trainProperties(data);
    day1.setProperty("engine", "yarn");  // day 1 trains on a YARN application of shardtrain's own
    day1.setProperty("workers", "2");    // two worker containers: a 2-core test machine
    WorkflowJob first = runWorkflow(day1);
    assertEquals(List.of("import", "warm-start", "train", "evaluate", "compare", "at-least-as-good", "publish", "end"),
        path(first));
    Properties train = actionData(first, "train");
    assertEquals("0", train.getProperty("exit_code"));
    assertEquals("yarn", train.getProperty("engine"));
    assertEquals("150", train.getProperty("records"));
    String model = nameNode + "/models/shardtrain/kmeans/" + first.getId() + "/model";
    assertEquals(model, train.getProperty("model"));
    assertTrue(fs.exists(new Path(model, "model.avro")));
    // What the action hands Oozie (wf:actionData) is the run's own metrics.json, to the bit.
    double trainedWssse = new ObjectMapper().readTree(readString(nameNode + "/models/shardtrain/kmeans/"
        + first.getId() + "/metrics.json")).get("wssse").asDouble();
    assertEquals(trainedWssse, Double.parseDouble(train.getProperty("wssse")), 0);
    double wssse1 = Double.parseDouble(actionData(first, "evaluate").getProperty("wssse"));
    assertTrue("k = 20 must fit Iris better than the k = 3 optimum: " + wssse1, wssse1 < IRIS_K3_OPTIMUM);
    assertEquals("true", actionData(first, "compare").getProperty("better"));
    assertEquals("compare only checks; publish publishes", "false", actionData(first, "compare").getProperty("published"));
    Properties current = read(registry + "/current.properties");
    // What is served is the registry's copy of day 1's model (rerunning into or deleting the run cannot touch it).
    String published = current.getProperty("model");
    assertTrue(published, published.startsWith(registry + "/models/"));
    assertEquals(nameNode + "/models/shardtrain/kmeans/" + first.getId(), current.getProperty("run"));
    assertEquals(sha256(model + "/model.avro"), sha256(published + "/model.avro"));
    assertEquals("the algorithm's usual metric when job.properties leaves it empty", "wssse", current.getProperty("metric"));
    assertEquals(wssse1, Double.parseDouble(current.getProperty("value")), 1e-9 * wssse1);

    // Day 2: the MapReduce engine (the shipped default) and a params file of the operator's: the same k, one
    // Lloyd iteration from random centres (on the MapReduce engine every pass is a job; k-means|| seeding
    // alone is five).
    writeString("/apps/shardtrain/train/kmeans-rough.xml", "<configuration>"
        + "<property><name>shardtrain.kmeans.k</name><value>20</value></property>"
        + "<property><name>shardtrain.kmeans.init</name><value>random</value></property>"
        + "<property><name>shardtrain.kmeans.max-iter</name><value>1</value></property></configuration>");
    Properties day2 = trainProperties(data);
    day2.setProperty("trainParams", nameNode + "/apps/shardtrain/train/kmeans-rough.xml");
    WorkflowJob second = runWorkflow(day2);
    assertEquals(List.of("import", "warm-start", "train", "evaluate", "compare", "at-least-as-good", "kept-previous", "end"),
        path(second));
    assertEquals("mr", actionData(second, "train").getProperty("engine"));
    Properties compare = actionData(second, "compare");
    assertEquals("false", compare.getProperty("better"));
    double wssse2 = Double.parseDouble(compare.getProperty("value"));
    assertTrue("one iteration from random centres fits worse: " + wssse2 + " vs " + wssse1, wssse2 > wssse1);
    assertEquals(wssse1, Double.parseDouble(compare.getProperty("previous_value")), 1e-9 * wssse1);
    assertEquals("the better model stays published", published, read(registry + "/current.properties").getProperty("model"));
    assertTrue("kept, unpublished", fs.exists(new Path("/models/shardtrain/kmeans/" + second.getId() + "/not-published")));
    assertTrue(fs.exists(new Path("/models/shardtrain/kmeans/" + second.getId() + "/model/model.avro")));
  }

  /** A malformed record under on-bad-record=fail: the import step fails, and Oozie shows the program's reason. */
  public void testAFailingInputKillsTheWorkflowWithTheStepsReason() throws Exception {
    writeString("/data/bad/points.csv", "1.0,2.0\n3.0,oops\n");
    Properties props = trainProperties(Map.of("rawInput", nameNode + "/data/bad/points.csv"));
    props.setProperty("onBadRecord", "fail");
    WorkflowJob wf = runWorkflow(props);
    assertEquals(WorkflowJob.Status.KILLED, wf.getStatus());
    assertEquals(List.of("import", "failed"), path(wf));
    WorkflowAction imp = action(wf, "import");
    assertEquals(WorkflowAction.Status.ERROR, imp.getStatus());
    String reason = imp.getErrorMessage();
    assertTrue(reason, reason.contains("shardtrain import exited with code 1: ") && reason.contains("line 2"));
    String kill = action(wf, "failed").getErrorMessage();
    assertTrue(kill, kill != null && kill.startsWith("step import failed: ") && kill.contains("line 2"));
  }

  // ---------------------------------------------------------------------------------------------------------
  // conf/oozie/daily-retrain

  /**
   * The shipped coordinator (SGD, logistic, on the YARN engine) over two days whose data sets are complete
   * (_SUCCESS): day 1 trains from scratch and publishes; day 2 starts from the published weights (the
   * workflow's train-warm node) and is published only if it evaluates at least as well.
   */
  public void testDailyRetrainCoordinatorWarmStartsOnDayTwo() throws Exception {
    List<String> rows = Files.readAllLines(new File(root(), "data/breast-cancer/data.libsvm").toPath());
    // Days 1 and 2 of a stream of examples, and a holdout both days are evaluated on.
    writeDay("2026/12/01", rows.subList(0, 200));
    writeDay("2026/12/02", rows.subList(200, 400));
    writeString("/data/examples/holdout/part-0.libsvm", String.join("\n", rows.subList(400, rows.size())) + "\n");

    Properties props = shipped("conf/oozie/daily-retrain/job.properties");
    props.setProperty("nameNode", nameNode);
    props.setProperty("resourceManager", resourceManager);
    deploy("conf/oozie/daily-retrain", "/apps/shardtrain/daily-retrain", false);
    // Two days in the past: both are materialised at once and run one after the other (concurrency 1).
    props.setProperty("start", "2026-12-01T02:00Z");
    props.setProperty("end", "2026-12-03T02:00Z");
    props.setProperty("workers", "2");
    props.setProperty(OozieClient.USER_NAME, getOozieUser());
    OozieClient coordClient = LocalOozie.getCoordClient();
    String coordId = coordClient.run(props);

    List<CoordinatorAction> actions = waitForCoordinator(coordClient, coordId, 2);
    actions.sort(Comparator.comparing(CoordinatorAction::getNominalTime));
    WorkflowJob day1 = workflow(actions.get(0).getExternalId());
    WorkflowJob day2 = workflow(actions.get(1).getExternalId());
    assertEquals(List.of("import", "warm-start", "train", "evaluate", "compare", "at-least-as-good", "publish", "end"),
        path(day1));
    assertTrue("day 1 reads its own day's data", day1.getConf().contains(nameNode + "/data/examples/2026/12/01<"));
    assertTrue("day 2 reads its own day's data", day2.getConf().contains(nameNode + "/data/examples/2026/12/02<"));
    List<String> path2 = path(day2);
    assertEquals(List.of("import", "warm-start", "train-warm", "evaluate", "compare", "at-least-as-good"), path2.subList(0, 6));
    Properties train2 = actionData(day2, "train-warm");
    assertEquals("yarn", train2.getProperty("engine"));
    assertEquals("200", train2.getProperty("records"));
    String registry = nameNode + "/models/shardtrain/sgd/published";
    String params = new ObjectMapper().readTree(readString(train2.getProperty("metrics"))).get("params").toString();
    assertTrue("day 2 starts from the published weights: " + params, params.contains("\"" + registry + "\""));
    double auc1 = Double.parseDouble(actionData(day1, "evaluate").getProperty("test_auc"));
    double auc2 = Double.parseDouble(actionData(day2, "evaluate").getProperty("test_auc"));
    // Logistic regression separates this set well (data/README.md: 0.951 accuracy in 10-fold CV).
    assertTrue("day 1 AUC " + auc1, auc1 > 0.9);
    Properties current = read(registry + "/current.properties");
    assertEquals("test_auc", current.getProperty("metric"));
    if (auc2 >= auc1) {
      assertEquals("publish", path2.get(6));
      assertEquals(nameNode + "/models/shardtrain/sgd/" + day2.getId(), current.getProperty("run"));
    } else {
      assertEquals("kept-previous", path2.get(6));
      assertEquals(nameNode + "/models/shardtrain/sgd/" + day1.getId(), current.getProperty("run"));
    }
  }

  // ---------------------------------------------------------------------------------------------------------

  static File root() {
    return new File(System.getProperty("shardtrain.root", "../..")).getAbsoluteFile();
  }

  /** conf/oozie/train at ${nameNode}/apps/shardtrain/train, as the shipped job.properties expects it. */
  private void deployTrainApp() throws Exception {
    Path app = new Path("/apps/shardtrain/train");
    if (fs.exists(new Path(app, "workflow.xml"))) return;  // deployed by an earlier test on this cluster
    deploy("conf/oozie/train", app.toString(), true);
  }

  /** A shipped application directory; with {@code lib}, the job jar and its lib/ jars in lib/ beside it. */
  private void deploy(String shippedDir, String hdfsDir, boolean lib) throws Exception {
    for (File f : new File(root(), shippedDir).listFiles()) {
      if (!f.getName().equals("job.properties")) put(hdfsDir + "/" + f.getName(), f);
    }
    if (!lib) return;
    File jobJar = jobJar();
    put(hdfsDir + "/lib/" + jobJar.getName(), jobJar);
    try (JarFile jar = new JarFile(jobJar)) {
      for (JarEntry e : java.util.Collections.list(jar.entries())) {
        if (e.getName().startsWith("lib/") && e.getName().endsWith(".jar")) {
          try (InputStream in = jar.getInputStream(e);
               FSDataOutputStream out = fs.create(new Path(hdfsDir + "/" + e.getName()))) {
            in.transferTo(out);
          }
        }
      }
    }
  }

  static File jobJar() {
    File dir = new File(System.getProperty("shardtrain.job.jar.dir", new File(root(), "jobs/dist/target").getPath()));
    File[] jars = dir.listFiles((d, n) -> n.startsWith("shardtrain-") && n.endsWith("-job.jar"));
    if (jars == null || jars.length != 1) {
      throw new IllegalStateException("expected one shardtrain-*-job.jar in " + dir + " (built by the reactor's jobs/dist)");
    }
    return jars[0];
  }

  private Properties trainProperties(Map<String, String> dataPaths) throws Exception {
    Properties p = shipped("conf/oozie/train/job.properties");
    p.setProperty("nameNode", nameNode);
    p.setProperty("resourceManager", resourceManager);
    dataPaths.forEach(p::setProperty);
    p.setProperty(OozieClient.USER_NAME, getOozieUser());
    return p;
  }

  static Properties shipped(String file) throws Exception {
    Properties p = new Properties();
    try (InputStream in = new FileInputStream(new File(root(), file))) {
      p.load(in);
    }
    return p;
  }

  private Properties read(String path) throws Exception {
    Properties p = new Properties();
    try (InputStream in = fs.open(new Path(path))) {
      p.load(in);
    }
    return p;
  }

  private String readString(String path) throws Exception {
    try (InputStream in = fs.open(new Path(path))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The SHA-256 of a file's bytes, in hex. */
  private String sha256(String path) throws Exception {
    try (InputStream in = fs.open(new Path(path))) {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
    }
  }

  private void put(String hdfsPath, File local) throws Exception {
    fs.copyFromLocalFile(false, true, new Path(local.toURI()), new Path(hdfsPath));
  }

  private void writeString(String hdfsPath, String text) throws Exception {
    try (FSDataOutputStream out = fs.create(new Path(hdfsPath), true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** A day's examples under the shipped dataset's uri-template, complete once _SUCCESS is written (last). */
  private void writeDay(String yyyyMmDd, List<String> rows) throws Exception {
    writeString("/data/examples/" + yyyyMmDd + "/part-0.libsvm", String.join("\n", rows) + "\n");
    writeString("/data/examples/" + yyyyMmDd + "/_SUCCESS", "");
  }
}
