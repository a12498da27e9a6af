package org.shardtrain.host.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** The same chart as {@link SvgChart}, drawn with Java2D into a PNG (headless: no display needed). */
public final class PngChart {
  private PngChart() {}

  public static byte[] render(Series s) throws IOException {
    System.setProperty("java.awt.headless", "true");
    int w = SvgChart.WIDTH, h = SvgChart.HEIGHT;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, h);
      Axes a = Axes.of(s);
      int plotW = w - SvgChart.LEFT - SvgChart.RIGHT;
      int plotH = h - SvgChart.TOP - SvgChart.BOTTOM;
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      for (double t : a.yTicks()) {
        int py = (int) Math.round(a.py(t));
        g.setColor(new Color(0xEE, 0xEE, 0xEE));
        g.drawLine(SvgChart.LEFT, py, SvgChart.LEFT + plotW, py);
        g.setColor(Color.DARK_GRAY);
        String label = Axes.label(t);
        g.drawString(label, SvgChart.LEFT - 6 - g.getFontMetrics().stringWidth(label), py + 4);
      }
      for (double t : a.xTicks()) {
        String label = Axes.label(t);
        g.drawString(label, (int) Math.round(a.px(t)) - g.getFontMetrics().stringWidth(label) / 2, SvgChart.TOP + plotH + 16);
      }
      String axis = "iteration";
      g.drawString(axis, SvgChart.LEFT + plotW / 2 - g.getFontMetrics().stringWidth(axis) / 2, h - 6);
      g.setColor(new Color(0x99, 0x99, 0x99));
      g.drawRect(SvgChart.LEFT, SvgChart.TOP, plotW, plotH);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
      g.drawString(s.title(), SvgChart.LEFT, 18);
      g.setColor(new Color(0x1f, 0x77, 0xb4));
      g.setStroke(new BasicStroke(2f));
      Path2D line = new Path2D.Double();
      for (int i = 0; i < s.size(); i++) {
        if (i == 0) line.moveTo(a.px(s.x()[i]), a.py(s.y()[i]));
        else line.lineTo(a.px(s.x()[i]), a.py(s.y()[i]));
      }
      g.draw(line);
      for (int i = 0; i < s.size(); i++) g.fill(new Ellipse2D.Double(a.px(s.x()[i]) - 3, a.py(s.y()[i]) - 3, 6, 6));
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }
}
