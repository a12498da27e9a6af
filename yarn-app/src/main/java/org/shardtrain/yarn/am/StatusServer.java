package org.shardtrain.yarn.am;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The AM's tracking URL: {@code /} is the live status page ({@link RunStatus#html()}), {@code /status.json}
 * the same data as JSON (a stable path for scripts and the client), {@code /log?from=N} the console lines.
 * The JDK's small HTTP server is enough for a document polled by a client and a browser.
 */
public final class StatusServer implements AutoCloseable {
  private final HttpServer server;

  public StatusServer(RunStatus status) throws IOException {
    server = HttpServer.create(new InetSocketAddress(0), 0);
    server.createContext("/status.json", exchange -> send(exchange, status.json(), "application/json"));
    // Everything else: the status page (HTML, refreshing itself; no scripts, fonts or other hosts).
    server.createContext("/", exchange -> send(exchange, status.html(), "text/html"));
    // The program's console lines from the N-th on, as text: what the submitting client prints as progress.
    server.createContext("/log", exchange -> {
      String query = exchange.getRequestURI().getQuery();
      int from = query != null && query.startsWith("from=") ? Integer.parseInt(query.substring(5)) : 0;
      byte[] body = String.join("\n", status.logLines(from)).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  private static void send(com.sun.net.httpserver.HttpExchange exchange, String text, String type) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  public int port() { return server.getAddress().getPort(); }

  @Override
  public void close() { server.stop(0); }
}
