package org.shardtrain.mapreduce.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.loop.IterationRecord;
import org.shardtrain.host.program.Progress;

/** The progress line on a terminal (rewritten in place) and elsewhere (one plain line per iteration), and --quiet. */
class ProgressTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private Progress progress(boolean terminal, boolean quiet) {
    return new Progress(err, terminal, quiet, 10, "wssse",
        r -> "kmeans iteration " + r.iteration() + ": wssse " + r.metrics().get("wssse"));
  }

  private static IterationRecord record(int i, double wssse, double seconds) {
    return new IterationRecord(i, seconds, Map.of("wssse", wssse));
  }

  @Test
  void onATerminalOneLineIsRewrittenInPlace() {
    Progress p = progress(true, false);
    p.iterationDone(record(1, 100.0, 2.0), false);
    p.iterationDone(record(2, 90.0, 1.0), false);
    p.finish();
    String s = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(2, s.chars().filter(c -> c == '\r').count(), s);
    assertEquals(1, s.chars().filter(c -> c == '\n').count(), "one newline, when the run ends: " + s);
    String last = s.substring(s.lastIndexOf('\r') + 1).trim();
    // Iteration 2 of 10, wssse fell by 10, mean 1.5 s per iteration x 8 left = 12 s.
    assertEquals("kmeans iteration 2: wssse 90.0 [2/10, wssse change -10.0, about 12.0 s left]", last);
  }

  @Test
  void elsewhereEachIterationIsAPlainLine() {
    Progress p = progress(false, false);
    p.iterationDone(record(1, 100.0, 0.5), false);
    p.iterationDone(record(2, 99.5, 0.5), true);
    p.finish();
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(2, lines.length);
    assertTrue(!bytes.toString(StandardCharsets.UTF_8).contains("\r"));
    assertEquals("kmeans iteration 1: wssse 100.0 [1/10, about 4.5 s left]", lines[0]);
    assertEquals("kmeans iteration 2: wssse 99.5 (converged) [2/10, wssse change -0.500]", lines[1]);
  }

  @Test
  void quietPrintsNothing() {
    Progress p = progress(true, true);
    p.iterationDone(record(1, 100.0, 0.5), false);
    p.finish();
    assertEquals("", bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void timeLeftReadsAsAPersonWouldSayIt() {
    assertEquals("42.0 s", Progress.duration(42));
    assertEquals("2 min 05 s", Progress.duration(125));
    assertEquals("1 h 01 min", Progress.duration(3660));
  }
}
