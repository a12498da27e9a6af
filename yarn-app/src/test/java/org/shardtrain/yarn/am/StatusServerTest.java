package org.shardtrain.yarn.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.loop.IterationRecord;
import org.shardtrain.yarn.rpc.Report;

/** The AM's tracking URL over real HTTP: the status document and the console lines the client relays. */
class StatusServerTest {
  private static String get(String url) throws Exception {
    try (InputStream in = URI.create(url).toURL().openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
    return n;
  }

  @Test
  void servesIterationsWorkersAndConsoleLines() throws Exception {
    Coordinator coordinator = new Coordinator(2);
    coordinator.register(new org.shardtrain.yarn.rpc.Registration(0, "container_e01_0001_01_000002", "nodeA", "cpu", "cpu: test", null, 1.0));
    coordinator.report(new Report(0, 0, null, null, 75, 1.5, 0.5));
    RunStatus status = new RunStatus("application_1_0001", "kmeans", coordinator);
    status.maxIterations(4);
    status.iterationDone(new IterationRecord(1, 0.25, Map.of("wssse", 90.0)), false);
    status.iterationDone(new IterationRecord(2, 0.20, Map.of("wssse", 80.0)), false);
    status.logLine("kmeans iteration 1: wssse 90");
    status.logLine("kmeans iteration 2: wssse 80");
    assertEquals(0.5f, status.progress(), 1e-6);
    try (StatusServer server = new StatusServer(status)) {
      String base = "http://127.0.0.1:" + server.port() + "/";
      JsonNode doc = new ObjectMapper().readTree(get(base + "status.json"));
      assertEquals("application_1_0001", doc.get("application").asText());
      assertEquals(2, doc.get("iteration").asInt());
      assertEquals(4, doc.get("max_iterations").asInt());
      assertEquals(80.0, doc.get("history").get(1).get("wssse").asDouble());
      assertEquals(2, doc.get("workers").size());
      assertEquals("nodeA", doc.get("workers").get(0).get("node").asText());
      assertEquals(75, doc.get("workers").get(0).get("records").asLong());
      assertEquals("kmeans iteration 2: wssse 80", get(base + "log?from=1"));
      assertTrue(get(base + "log?from=2").isEmpty());

      // The status page: HTML that refreshes itself, a point per finished iteration, a row per worker.
      String page = get(base);
      assertTrue(page.contains("<meta http-equiv=\"refresh\""), page);
      assertEquals(4, count(page, "class=\"point\""), "2 iterations in each of the 2 charts");
      assertTrue(page.contains("data-series=\"wssse\""), page);
      assertEquals(2, count(page, "class=\"worker\""));
      assertTrue(page.contains("kmeans iteration 2: wssse 80"), "console lines shown");
      assertTrue(!page.contains("<script") && !page.contains("src=") && !page.contains("href=\"http"),
          "nothing to fetch from elsewhere");
    }
  }
}
