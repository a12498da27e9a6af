package org.shardtrain.yarn.am;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The AM's tracking URL: {@code /status.json} (and {@code /}) serve {@link RunStatus#json()}. The JDK's
 * small HTTP server is enough for one document polled by a client and a browser.
 */
public final class StatusServer implements AutoCloseable {
  private final HttpServer server;

  public StatusServer(RunStatus status) throws IOException {
    server = HttpServer.create(new InetSocketAddress(0), 0);
    server.createContext("/", exchange -> {
      byte[] body = status.json().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
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

  public int port() { return server.getAddress().getPort(); }

  @Override
  public void close() { server.stop(0); }
}
