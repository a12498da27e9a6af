package org.shardtrain.host.report;

import java.util.Locale;

/** The value ranges of a chart and round tick values for them; shared by the SVG and PNG renderings. */
record Axes(double xMin, double xMax, double yMin, double yMax) {
  static Axes of(Series s) {
    double xMin = 1, xMax = Math.max(2, s.size());
    double yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < s.size(); i++) {
      xMin = Math.min(xMin, s.x()[i]);
      xMax = Math.max(xMax, s.x()[i]);
      if (Double.isFinite(s.y()[i])) {
        yMin = Math.min(yMin, s.y()[i]);
        yMax = Math.max(yMax, s.y()[i]);
      }
    }
    if (!(yMin <= yMax)) {
      yMin = 0;
      yMax = 1;
    }
    if (yMin == yMax) {
      double pad = yMin == 0 ? 1 : Math.abs(yMin) * 0.05;
      yMin -= pad;
      yMax += pad;
    }
    if (xMin == xMax) xMax = xMin + 1;
    return new Axes(xMin, xMax, yMin, yMax);
  }

  double px(double x) {
    int plotW = SvgChart.WIDTH - SvgChart.LEFT - SvgChart.RIGHT;
    return SvgChart.LEFT + (x - xMin) / (xMax - xMin) * plotW;
  }

  double py(double y) {
    int plotH = SvgChart.HEIGHT - SvgChart.TOP - SvgChart.BOTTOM;
    return SvgChart.TOP + plotH - (y - yMin) / (yMax - yMin) * plotH;
  }

  double[] yTicks() { return ticks(yMin, yMax, 5); }

  double[] xTicks() {
    double[] t = ticks(xMin, xMax, 6);
    // Iterations are whole numbers.
    return java.util.Arrays.stream(t).filter(v -> v == Math.rint(v)).toArray();
  }

  /** Round values (1, 2 or 5 × 10^k apart) inside [lo, hi]. */
  static double[] ticks(double lo, double hi, int about) {
    double raw = (hi - lo) / about;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
    double first = Math.ceil(lo / step) * step;
    int n = (int) Math.floor((hi - first) / step + 1e-9) + 1;
    double[] out = new double[Math.max(0, n)];
    for (int i = 0; i < out.length; i++) out[i] = first + i * step;
    return out;
  }

  static String label(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e6) return Long.toString((long) v);
    return value(v);
  }

  static String value(double v) {
    double a = Math.abs(v);
    if (a != 0 && (a >= 1e6 || a < 1e-3)) return String.format(Locale.ROOT, "%.3g", v);
    String s = String.format(Locale.ROOT, "%.4g", v);
    // 0.06000 reads better as 0.06 (no exponent here: %.4g only writes one outside [1e-4, 1e4)).
    return s.contains(".") && !s.contains("e") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }
}
