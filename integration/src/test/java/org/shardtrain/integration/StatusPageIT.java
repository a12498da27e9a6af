package org.shardtrain.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.testing.Datasets;
import org.shardtrain.host.program.KMeansTool;
import org.shardtrain.host.program.ReportTool;
import org.shardtrain.mapreduce.testing.LocalRun;

/**
 * What people look at, rendered by a real headless Chromium: the live status page of a running YARN-engine
 * job (the AM's tracking URL) and the report of the finished run. The rendered DOM is read (charts, one
 * point per finished iteration, a row per worker) and screenshots are saved under target/screenshots/.
 */
class StatusPageIT {
  @TempDir Path scratch;

  @Test
  void theLivePageAndTheReportShowEveryIterationAndWorker() throws Exception {
    // Chromium's first start on a fresh machine (font caches, profile) is paid before the run starts, so the
    // live page is read while the run still runs (a CI run once got there after the AM had finished).
    Chromium.dom(Chromium.blankPage());
    MiniClusters cluster = MiniClusters.get();
    Configuration conf = cluster.clientConf();
    ItFiles.shardedCopy(cluster.fs(), Datasets.shipped("iris/points.csv"), "/status-page/iris", 2);
    Configuration slow = new Configuration(conf);
    slow.setLong(org.shardtrain.yarn.worker.WorkerMain.PASS_DELAY, 1500); // a run long enough to look at while it runs
    LocalRun.Result[] result = new LocalRun.Result[1];
    Thread run = new Thread(() -> {
      try {
        result[0] = LocalRun.run(slow, new KMeansTool(), "--engine", "yarn", "--workers", "2", "--worker-memory", "512",
            "--am-memory", "512", "--k", "3", "--init", "random", "--seed", "5", "--max-iter", "14", "--tol", "0",
            "--format", "csv", "--input", "/status-page/iris", "--output", "/status-page/out");
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    run.start();

    String url = trackingUrl(conf);
    int before = awaitIterations(url, 2);
    String dom = Chromium.dom(url);
    int after = iterations(url);
    Chromium.screenshot(url, Path.of("target/screenshots/status-live.png"));
    assertTrue(after > 0, "the run finished before the page was read; the test needs a longer run");
    assertTrue(dom.contains("http-equiv=\"refresh\""), "the page refreshes itself: "
        + dom.substring(0, Math.min(400, dom.length())));
    int drawn = points(dom, "wssse");
    assertTrue(drawn >= before && drawn <= after, "one point per finished iteration: " + drawn + " drawn, "
        + before + " to " + after + " finished");
    assertEquals(2, count(dom, "class=\"worker\""), "a row per worker");
    assertTrue(Files.size(Path.of("target/screenshots/status-live.png")) > 1000);

    run.join(240_000);
    assertEquals(0, result[0].exit(), result[0].err());

    // The finished run's report, opened from a file.
    Path html = scratch.resolve("report.html");
    LocalRun.Result report = LocalRun.run(conf, new ReportTool(), "--run", "/status-page/out", "--output",
        "file://" + html);
    assertEquals(0, report.exit(), report.err());
    JsonNode metrics = ItFiles.metrics(cluster.fs(), "/status-page/out");
    String reportDom = Chromium.dom(html.toUri().toString());
    Chromium.screenshot(html.toUri().toString(), Path.of("target/screenshots/report.png"));
    assertEquals(metrics.get("history").size(), points(reportDom, "wssse"), "one point per iteration of the run");
    assertEquals(metrics.get("history").size(), points(reportDom, "seconds"));
    assertEquals(2, count(reportDom, "class=\"worker\""));
    assertTrue(reportDom.contains("<table id=\"params\">"), "the parameters used");
  }

  /** The AM's tracking URL once the application runs. */
  private static String trackingUrl(Configuration conf) throws Exception {
    YarnClient yarn = YarnClient.createYarnClient();
    yarn.init(conf);
    yarn.start();
    try {
      for (int i = 0; i < 1200; i++) {
        for (ApplicationReport r : yarn.getApplications(java.util.Set.of("SHARDTRAIN"), EnumSet.of(YarnApplicationState.RUNNING))) {
          String url = r.getOriginalTrackingUrl();
          if (url != null && url.startsWith("http")) return url.endsWith("/") ? url : url + "/";
        }
        Thread.sleep(100);
      }
    } finally {
      yarn.stop();
    }
    throw new AssertionError("the application never ran");
  }

  private static int awaitIterations(String url, int atLeast) throws Exception {
    for (int i = 0; i < 1200; i++) {
      int n = iterations(url);
      if (n >= atLeast) return n;
      Thread.sleep(100);
    }
    throw new AssertionError("fewer than " + atLeast + " iterations after 2 minutes");
  }

  private static int iterations(String url) {
    try (InputStream in = URI.create(url + "status.json").toURL().openStream()) {
      JsonNode doc = new ObjectMapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return doc.get("history").size();
    } catch (Exception e) { // the AM is starting
      return 0;
    }
  }

  /** Points drawn in the chart of {@code series}. */
  private static int points(String dom, String series) {
    int start = dom.indexOf("data-series=\"" + series + "\"");
    assertTrue(start >= 0, "no " + series + " chart in the page");
    int end = dom.indexOf("</svg>", start);
    return count(dom.substring(start, end), "class=\"point\"");
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
    return n;
  }
}
