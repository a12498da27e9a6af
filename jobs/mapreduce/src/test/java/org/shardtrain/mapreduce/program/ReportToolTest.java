package org.shardtrain.mapreduce.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shardtrain.core.testing.Datasets;
import org.shardtrain.host.program.KMeansTool;
import org.shardtrain.host.program.ProgramTool;
import org.shardtrain.host.program.ReportTool;
import org.shardtrain.mapreduce.testing.LocalRun;

/** {@code report} on a real run's output: the HTML has a point per iteration, the parameters and metrics; PNGs decode. */
class ReportToolTest {
  @TempDir Path scratch;

  @Test
  void aFinishedRunBecomesAReportWithChartsAndPngs() throws Exception {
    Configuration conf = LocalRun.conf(scratch);
    Path run = scratch.resolve("km");
    LocalRun.Result trained = LocalRun.run(conf, new KMeansTool(), "--input", Datasets.shipped("iris/points.csv").toString(),
        "--format", "csv", "--k", "3", "--seed", "3", "--init", "random", "--tol", "0", "--max-iter", "6",
        "--output", run.toString());
    assertEquals(0, trained.exit(), trained.err());
    JsonNode metrics = LocalRun.metrics(run);
    int iterations = metrics.get("history").size();
    assertEquals(6, iterations);

    Path html = scratch.resolve("out/km.html");
    LocalRun.Result r = LocalRun.run(conf, new ReportTool(), "--run", run.toString(), "--output", html.toString(), "--png");
    assertEquals(0, r.exit(), r.err());
    String page = Files.readString(html);
    assertEquals(2 * iterations, count(page, "class=\"point\""), "a point per iteration in each chart");
    assertTrue(page.contains("data-series=\"wssse\"") && page.contains("data-series=\"seconds\""), page);
    assertTrue(page.contains("<table id=\"params\">") && page.contains("shardtrain.kmeans.k"), "the parameters used");
    assertTrue(page.contains("<th>wssse</th>"), "the final metrics");
    assertTrue(!page.contains("<script") && !page.contains("src="), "self-contained");
    for (String png : new String[] {"km-wssse.png", "km-seconds.png"}) {
      BufferedImage img = ImageIO.read(scratch.resolve("out").resolve(png).toFile());
      assertEquals(560, img.getWidth(), png);
      assertEquals(260, img.getHeight(), png);
    }

    LocalRun.Result again = LocalRun.run(conf, new ReportTool(), "--run", run.toString(), "--output", html.toString());
    assertEquals(ProgramTool.FAILED, again.exit(), "an existing report is kept without --overwrite");
    assertTrue(again.err().contains("exists; pass --overwrite"), again.err());

    LocalRun.Result byDefault = LocalRun.run(conf, new ReportTool(), "--run", run.toString());
    assertEquals(0, byDefault.exit(), byDefault.err());
    assertTrue(Files.exists(run.resolve("report.html")));
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
    return n;
  }
}
