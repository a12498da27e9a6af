package org.shardtrain.host.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One HTML page about a run, self-contained (inline CSS and SVG, no scripts, fonts or network): summary,
 * the watched metric and the seconds per iteration as charts, the workers (YARN engine), recoveries and
 * parameters. The same page serves the AM's live status (refreshing itself every few seconds) and
 * {@code shardtrain report} (a finished run's metrics.json, either engine).
 */
public final class RunPage {
  /** Seconds between refreshes of the live page. */
  public static final int REFRESH_SECONDS = 2;
  private static final List<String> WORKER_COLUMNS = List.of("worker", "node", "pool", "backend", "records",
      "compute_seconds", "wait_seconds", "restarts");
  private static final List<String> SUMMARY_SKIP = List.of("history", "workers", "params", "recoveries", "log",
      "cluster_sizes", "coordination");

  private RunPage() {}

  /**
   * @param run  metrics.json or the live status document, as maps and lists
   * @param live whether the page refreshes itself (the AM's status page)
   */
  @SuppressWarnings("unchecked")
  public static String render(Map<String, Object> run, boolean live) {
    String name = String.valueOf(run.getOrDefault("algorithm", run.getOrDefault("program", "run")));
    List<Map<String, Object>> history = (List<Map<String, Object>>) run.getOrDefault("history", List.of());
    StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    if (live) b.append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">");
    b.append("<title>shardtrain ").append(esc(name)).append(live ? " (live)" : " report").append("</title><style>")
        .append("body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0 20px}")
        .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}th{background:#f3f3f3}")
        .append("svg .title{font-weight:bold;font-size:13px}svg .tick,svg .axis{font-size:11px;fill:#555}")
        .append(".charts{display:flex;flex-wrap:wrap;gap:16px}</style></head><body>");
    b.append("<h1>shardtrain ").append(esc(name)).append("</h1>");
    if (live) {
      b.append("<p id=\"state\">").append(esc(String.valueOf(run.getOrDefault("state", "")))).append(": iteration ")
          .append(run.getOrDefault("iteration", 0)).append(" of ").append(run.getOrDefault("max_iterations", "?"))
          .append(" (refreshes every ").append(REFRESH_SECONDS).append(" s; the same data as JSON: <a href=\"status.json\">")
          .append("status.json</a>)</p>");
    }
    b.append("<table id=\"summary\">");
    for (Map.Entry<String, Object> e : run.entrySet()) {
      if (SUMMARY_SKIP.contains(e.getKey()) || e.getValue() instanceof Map || e.getValue() instanceof List) continue;
      b.append("<tr><th>").append(esc(e.getKey())).append("</th><td>").append(esc(format(e.getValue()))).append("</td></tr>");
    }
    b.append("</table>");
    String metric = Series.primaryMetric(history);
    b.append("<div class=\"charts\" id=\"charts\">")
        .append(SvgChart.render(Series.of(history, metric, metric + " per iteration")))
        .append(SvgChart.render(Series.of(history, "seconds", "seconds per iteration")))
        .append("</div>");
    List<Map<String, Object>> workers = (List<Map<String, Object>>) run.getOrDefault("workers", List.of());
    if (!workers.isEmpty()) {
      b.append("<h2>Workers</h2><table id=\"workers\"><tr>");
      for (String c : WORKER_COLUMNS) b.append("<th>").append(c).append("</th>");
      b.append("<th>notes</th></tr>");
      for (Map<String, Object> w : workers) {
        b.append("<tr class=\"worker\">");
        for (String c : WORKER_COLUMNS) b.append("<td>").append(esc(format(w.get(c)))).append("</td>");
        b.append("<td>").append(esc(w.get("fallback_reason") == null ? "" : "no GPU used: " + w.get("fallback_reason")))
            .append("</td></tr>");
      }
      b.append("</table>");
    }
    List<Map<String, Object>> recoveries = (List<Map<String, Object>>) run.getOrDefault("recoveries", List.of());
    if (!recoveries.isEmpty()) {
      b.append("<h2>Recoveries</h2><table id=\"recoveries\">");
      for (Map<String, Object> r : recoveries) b.append("<tr><td>").append(esc(String.valueOf(r))).append("</td></tr>");
      b.append("</table>");
    }
    Object params = run.get("params");
    if (params instanceof Map<?, ?> p && !p.isEmpty()) {
      b.append("<h2>Parameters</h2><table id=\"params\">");
      for (Map.Entry<?, ?> e : new java.util.TreeMap<>(p).entrySet()) {
        b.append("<tr><th>").append(esc(String.valueOf(e.getKey()))).append("</th><td>").append(esc(format(e.getValue())))
            .append("</td></tr>");
      }
      b.append("</table>");
    }
    if (live) {
      List<Object> log = (List<Object>) run.getOrDefault("log", List.of());
      List<Object> tail = new ArrayList<>(log.subList(Math.max(0, log.size() - 20), log.size()));
      b.append("<h2>Console</h2><pre id=\"log\">");
      for (Object line : tail) b.append(esc(String.valueOf(line))).append('\n');
      b.append("</pre>");
    }
    return b.append("</body></html>\n").toString();
  }

  private static String format(Object v) {
    if (v == null) return "";
    if (v instanceof Double d) return Axes.value(d);
    if (v instanceof Float f) return Axes.value(f);
    return String.valueOf(v);
  }

  private static String esc(String s) { return SvgChart.esc(s); }
}
