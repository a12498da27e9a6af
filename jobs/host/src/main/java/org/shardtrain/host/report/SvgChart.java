package org.shardtrain.host.report;

import java.util.Locale;

/**
 * A line chart as plain SVG text: axes with a few round ticks, the series as a polyline, and one
 * {@code <circle class="point">} per value (so a page or a test can count the iterations drawn). Written
 * here rather than taken from a charting library: two chart kinds, no scripts, no fonts to fetch, and the
 * status page must work with no network beyond the AM (docs/design.md, "Charts").
 */
public final class SvgChart {
  static final int WIDTH = 560;
  static final int HEIGHT = 260;
  static final int LEFT = 70;
  static final int RIGHT = 16;
  static final int TOP = 28;
  static final int BOTTOM = 40;

  private SvgChart() {}

  public static String render(Series s) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" data-series=\"%s\" "
        + "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">", esc(s.yLabel()), WIDTH, HEIGHT,
        WIDTH, HEIGHT, esc(s.title())));
    b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" class=\"title\">%s</text>", LEFT, esc(s.title())));
    Axes a = Axes.of(s);
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"frame\" fill=\"none\" "
        + "stroke=\"#999\"/>", LEFT, TOP, plotW, plotH));
    for (double t : a.yTicks()) {
      double py = a.py(t);
      b.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>", LEFT, LEFT + plotW, py, py));
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" class=\"tick\">%s</text>", LEFT - 6,
          py + 4, Axes.label(t)));
    }
    for (double t : a.xTicks()) {
      double px = a.px(t);
      b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"tick\">%s</text>", px,
          TOP + plotH + 16, Axes.label(t)));
    }
    b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"axis\">iteration</text>",
        LEFT + plotW / 2, HEIGHT - 6));
    if (s.size() == 0) {
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"empty\">no iteration "
          + "finished yet</text>", LEFT + plotW / 2, TOP + plotH / 2));
    } else {
      b.append("<polyline class=\"line\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"");
      for (int i = 0; i < s.size(); i++) {
        b.append(String.format(Locale.ROOT, "%s%.1f,%.1f", i == 0 ? "" : " ", a.px(s.x()[i]), a.py(s.y()[i])));
      }
      b.append("\"/>");
      for (int i = 0; i < s.size(); i++) {
        b.append(String.format(Locale.ROOT, "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#1f77b4\">"
            + "<title>iteration %s: %s</title></circle>", a.px(s.x()[i]), a.py(s.y()[i]), Axes.label(s.x()[i]),
            Axes.value(s.y()[i])));
      }
    }
    return b.append("</svg>").toString();
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
