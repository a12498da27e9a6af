package org.shardtrain.yarn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.util.Records;
import org.junit.jupiter.api.Test;

/** While the ResourceManager has not started the AM, the client says why, in the RM's words, without repeating itself. */
class AmWaitTest {
  @Test
  void saysWhatTheApplicationWaitsForOncePerReason() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ApplicationId id = ApplicationId.newInstance(1, 7);
    AmWait wait = new AmWait("kmeans", id, new PrintStream(bytes, true, StandardCharsets.UTF_8), 0);
    String full = "[Mon Dec 07 03:10:37 +0000 2026] Application is added to the scheduler and is not yet activated. "
        + "Queue's AM resource limit exceeded.";
    wait.observe(report(YarnApplicationState.ACCEPTED, full), 9_000); // a short wait is normal: nothing said
    wait.observe(report(YarnApplicationState.ACCEPTED, full), 11_000);
    wait.observe(report(YarnApplicationState.ACCEPTED, full.replace("03:10:37", "03:10:39")), 12_000); // same reason
    wait.observe(report(YarnApplicationState.RUNNING, ""), 13_000);
    assertEquals("shardtrain kmeans: " + id + " is ACCEPTED, waiting for YARN to start its ApplicationMaster (queue ml): "
        + "Application is added to the scheduler and is not yet activated. Queue's AM resource limit exceeded.\n",
        bytes.toString(StandardCharsets.UTF_8));
  }

  private static ApplicationReport report(YarnApplicationState state, String diagnostics) {
    ApplicationReport r = Records.newRecord(ApplicationReport.class);
    r.setYarnApplicationState(state);
    r.setDiagnostics(diagnostics);
    r.setQueue("ml");
    return r;
  }
}
