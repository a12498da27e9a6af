package org.shardtrain.host.program;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.param.Param;
import org.shardtrain.core.param.ResolvedParams;
import org.shardtrain.core.param.RunParams;
import org.shardtrain.host.report.PngChart;
import org.shardtrain.host.report.RunPage;
import org.shardtrain.host.report.Series;

/**
 * {@code shardtrain report}: a finished run's metrics.json (either engine) as one self-contained HTML page
 * (summary, the watched metric and seconds per iteration as SVG charts, workers, recoveries, parameters);
 * {@code --png} also writes the two charts as PNG images beside it.
 */
public final class ReportTool extends ProgramTool {
  static final Param<String> RUN = Param.pathParam("run", "shardtrain.report.run").required()
      .describe("a training output (its metrics.json is read)").build();
  static final Param<String> HTML = Param.pathParam("output", "shardtrain.report.output").optional()
      .describe("the HTML file to write (default <run>/report.html)").build();
  static final Param<Boolean> PNG = Param.flag("png", "shardtrain.report.png")
      .describe("also write the charts as PNG images (<output>-<metric>.png, <output>-seconds.png)").build();

  @Override public String name() { return "report"; }

  @Override public int listOrder() { return 100; }

  @Override
  public String summary() {
    return "Turn a finished run's metrics.json into a self-contained HTML report with charts (and PNGs with --png).";
  }

  @Override
  protected List<List<Param<?>>> parameters() { return List.of(List.of(RUN, HTML, PNG, RunParams.OVERWRITE)); }

  @Override
  @SuppressWarnings("unchecked")
  protected int execute(ResolvedParams p) throws Exception {
    Configuration conf = getConf();
    Path run = new Path(p.get(RUN));
    run = run.getFileSystem(conf).makeQualified(run);
    Path html = p.get(HTML) != null ? new Path(p.get(HTML)) : new Path(run, "report.html");
    FileSystem fs = html.getFileSystem(conf);
    html = fs.makeQualified(html);
    Map<String, Object> metrics = new com.fasterxml.jackson.databind.ObjectMapper().convertValue(
        RunOutput.readMetrics(conf, new Path(run, "metrics.json")), Map.class);
    List<Map<String, Object>> history = (List<Map<String, Object>>) metrics.getOrDefault("history", List.of());
    String metric = Series.primaryMetric(history);
    String base = html.getName().endsWith(".html") ? html.getName().substring(0, html.getName().length() - 5) : html.getName();
    Path metricPng = new Path(html.getParent(), base + "-" + metric + ".png");
    Path secondsPng = new Path(html.getParent(), base + "-seconds.png");
    // The report is written beside the run, never over it: inside the run folder only a .html file (and its
    // PNGs) may be written, so --overwrite cannot replace metrics.json or the model by a page.
    if (RunOutput.isWithin(html, run) && !html.getName().endsWith(".html")) {
      throw new IllegalArgumentException("--output " + html + " lies in the run " + run
          + " and is not a .html file; a report never replaces a run's files (name it *.html, or write it elsewhere)");
    }
    if (fs.exists(html) && fs.getFileStatus(html).isDirectory()) {
      throw new IllegalArgumentException("--output " + html + " is a folder; give the report's file name (*.html)");
    }
    boolean overwrite = p.get(RunParams.OVERWRITE);
    for (Path target : p.get(PNG) ? List.of(html, metricPng, secondsPng) : List.of(html)) {
      if (fs.exists(target) && !overwrite) {
        throw new IllegalArgumentException(target + " exists; pass --overwrite to replace it");
      }
    }
    write(fs, html, RunPage.render(metrics, false).getBytes(StandardCharsets.UTF_8));
    out.println("report: " + html);
    if (p.get(PNG)) {
      write(fs, metricPng, PngChart.render(Series.of(history, metric, metric + " per iteration")));
      write(fs, secondsPng, PngChart.render(Series.of(history, "seconds", "seconds per iteration")));
      out.println("charts: " + metricPng + ", " + secondsPng);
    }
    return OK;
  }

  private static void write(FileSystem fs, Path file, byte[] bytes) throws IOException {
    try (OutputStream o = fs.create(file, true)) {
      o.write(bytes);
    }
  }
}
