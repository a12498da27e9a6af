package org.shardtrain.oozie;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.oozie.client.CoordinatorAction;
import org.apache.oozie.client.CoordinatorJob;
import org.apache.oozie.client.OozieClient;
import org.apache.oozie.client.WorkflowAction;
import org.apache.oozie.client.WorkflowJob;
import org.apache.oozie.local.LocalOozie;

/**
 * Running and reading Oozie jobs through {@link LocalOozie}'s clients, for {@link ShippedWorkflowsIT}: submit
 * and wait, the nodes a workflow visited with their seconds (printed: the timings the operators' guide
 * quotes), and what an action captured.
 */
final class OozieJobs {
  /** Generous: a workflow takes one to two minutes alone on 2 cores, several times that on a loaded machine. */
  static final long WORKFLOW_TIMEOUT_MS = 900_000;

  private OozieJobs() {}

  static WorkflowJob runWorkflow(Properties props) throws Exception {
    OozieClient client = LocalOozie.getClient();
    String id = client.run(props);
    long deadline = System.currentTimeMillis() + WORKFLOW_TIMEOUT_MS;
    WorkflowJob wf = client.getJobInfo(id);
    while ((wf.getStatus() == WorkflowJob.Status.RUNNING || wf.getStatus() == WorkflowJob.Status.PREP)
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(500);
      wf = client.getJobInfo(id);
    }
    report(wf);
    return wf;
  }

  static WorkflowJob workflow(String id) throws Exception {
    WorkflowJob wf = LocalOozie.getClient().getJobInfo(id);
    report(wf);
    return wf;
  }

  static List<CoordinatorAction> waitForCoordinator(OozieClient client, String id, int expected) throws Exception {
    long deadline = System.currentTimeMillis() + 2 * WORKFLOW_TIMEOUT_MS;
    while (true) {
      CoordinatorJob job = client.getCoordJobInfo(id);
      List<CoordinatorAction> actions = new ArrayList<>(job.getActions());
      boolean done = actions.size() == expected && actions.stream().allMatch(a -> switch (a.getStatus()) {
        case SUCCEEDED, FAILED, KILLED, TIMEDOUT -> true;
        default -> false;
      });
      if (done || System.currentTimeMillis() > deadline) {
        for (CoordinatorAction a : actions) {
          System.out.println("coordinator action " + a.getActionNumber() + " " + a.getNominalTime() + ": " + a.getStatus()
              + " " + a.getExternalId() + (a.getErrorMessage() == null ? "" : " " + a.getErrorMessage()));
          if (a.getExternalId() != null) workflow(a.getExternalId());  // its nodes, with any step's error
        }
        assertEquals("coordinator " + id + " " + job.getStatus(), expected, actions.size());
        for (CoordinatorAction a : actions) assertEquals(a.getId(), CoordinatorAction.Status.SUCCEEDED, a.getStatus());
        return actions;
      }
      Thread.sleep(1000);
    }
  }

  /** The nodes as visited: from the start node along each node's transition (control nodes included). */
  static List<String> path(WorkflowJob wf) {
    Map<String, WorkflowAction> byName = new HashMap<>();
    for (WorkflowAction a : wf.getActions()) byName.put(a.getName(), a);
    List<String> visited = new ArrayList<>();
    WorkflowAction node = byName.get(":start:");
    while (node != null && node.getTransition() != null && visited.size() < 50) {
      visited.add(node.getTransition());
      node = byName.get(node.getTransition());
    }
    return visited;
  }

  /** One line per node with its seconds: the timings docs/operators-guide.md quotes. */
  private static void report(WorkflowJob wf) {
    StringBuilder s = new StringBuilder("workflow " + wf.getId() + " " + wf.getAppName() + ": " + wf.getStatus());
    for (String name : path(wf)) {
      WorkflowAction a = action(wf, name);
      double secs = a.getStartTime() == null || a.getEndTime() == null ? Double.NaN
          : (a.getEndTime().getTime() - a.getStartTime().getTime()) / 1000.0;
      s.append("\n  ").append(name).append(' ').append(a.getStatus()).append(String.format(" %.1f s", secs));
      if (a.getErrorMessage() != null) s.append(" [").append(a.getErrorCode()).append("] ").append(a.getErrorMessage());
    }
    if (wf.getStartTime() != null && wf.getEndTime() != null) {
      s.append(String.format("%n  total %.1f s", (wf.getEndTime().getTime() - wf.getStartTime().getTime()) / 1000.0));
    }
    System.out.println(s);
  }

  static WorkflowAction action(WorkflowJob wf, String name) {
    for (WorkflowAction a : wf.getActions()) if (a.getName().equals(name)) return a;
    throw new AssertionError("no node " + name + " in " + wf.getId());
  }

  /** What the action's {@code <capture-output/>} published ({@code wf:actionData}). */
  static Properties actionData(WorkflowJob wf, String name) throws Exception {
    Properties p = new Properties();
    String data = action(wf, name).getData();
    assertNotNull("no captured output from " + name, data);
    p.load(new StringReader(data));
    return p;
  }
}
