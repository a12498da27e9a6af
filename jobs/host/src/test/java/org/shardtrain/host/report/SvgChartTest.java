package org.shardtrain.host.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The SVG chart is well-formed XML with one point per value, placed where the values say. */
class SvgChartTest {
  @Test
  void onePointPerIterationAtItsValue() throws Exception {
    List<Map<String, Object>> history = List.of(
        Map.of("iteration", 1, "wssse", 90.0, "seconds", 0.3),
        Map.of("iteration", 2, "wssse", 80.0, "seconds", 0.2),
        Map.of("iteration", 3, "wssse", 79.5, "seconds", 0.25));
    assertEquals("wssse", Series.primaryMetric(history));
    Document svg = parse(SvgChart.render(Series.of(history, "wssse", "wssse per iteration")));
    NodeList points = svg.getElementsByTagName("circle");
    assertEquals(3, points.getLength());
    double y1 = Double.parseDouble(((Element) points.item(0)).getAttribute("cy"));
    double y2 = Double.parseDouble(((Element) points.item(1)).getAttribute("cy"));
    double y3 = Double.parseDouble(((Element) points.item(2)).getAttribute("cy"));
    assertTrue(y1 < y2 && y2 < y3, "falling values are drawn lower each time (SVG y grows downwards)");
    double x1 = Double.parseDouble(((Element) points.item(0)).getAttribute("cx"));
    double x3 = Double.parseDouble(((Element) points.item(2)).getAttribute("cx"));
    assertEquals(SvgChart.LEFT, x1, 0.1, "the first iteration at the left edge");
    assertEquals(SvgChart.WIDTH - SvgChart.RIGHT, x3, 0.1, "the last at the right edge");
    assertEquals(3, ((Element) svg.getElementsByTagName("polyline").item(0)).getAttribute("points").split(" ").length);
  }

  @Test
  void anEmptyHistorySaysSo() throws Exception {
    Document svg = parse(SvgChart.render(Series.of(List.of(), "wssse", "wssse & <co>")));
    assertEquals(0, svg.getElementsByTagName("circle").getLength());
    assertTrue(svg.getDocumentElement().getTextContent().contains("no iteration finished yet"));
    assertTrue(svg.getDocumentElement().getTextContent().contains("wssse & <co>"), "titles are escaped, not lost");
  }

  @Test
  void ticksAreRoundAndInside() {
    double[] t = Axes.ticks(78.2, 148.9, 5);
    assertTrue(t.length >= 3 && t.length <= 8, java.util.Arrays.toString(t));
    for (double v : t) {
      assertTrue(v >= 78.2 && v <= 148.9, java.util.Arrays.toString(t));
      assertEquals(0, v % 10, 1e-9, java.util.Arrays.toString(t));
    }
  }

  static Document parse(String xml) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }
}
