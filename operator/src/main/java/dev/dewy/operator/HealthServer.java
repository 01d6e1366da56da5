package dev.dewy.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dewy.operator.push.PushEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Serves the probes and the Prometheus metrics that the Helm chart points the kubelet at. */
public final class HealthServer implements AutoCloseable {
  private final HttpServer server;

  private HealthServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts on {@code host}:{@code port} (0 picks a free port; in a pod the host is 0.0.0.0 so the
   * kubelet reaches it). {@code live} answers /healthz, {@code ready} /readyz, and {@code metrics}
   * renders /metrics in the Prometheus text format.
   */
  public static HealthServer start(
      String host, int port, BooleanSupplier live, BooleanSupplier ready, Supplier<String> metrics)
      throws IOException {
    return start(host, port, live, ready, metrics, null);
  }

  /** As above, also taking registry push notifications under /push when {@code push} is set. */
  public static HealthServer start(
      String host,
      int port,
      BooleanSupplier live,
      BooleanSupplier ready,
      Supplier<String> metrics,
      PushEndpoint push)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.createContext("/healthz", ex -> probe(ex, live.getAsBoolean()));
    server.createContext("/readyz", ex -> probe(ex, ready.getAsBoolean()));
    server.createContext(
        "/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4", metrics.get()));
    if (push != null) {
      server.createContext(PushEndpoint.GENERIC, ex -> push(ex, push));
    }
    server.start();
    return new HealthServer(server);
  }

  private static void push(HttpExchange exchange, PushEndpoint push) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      // one byte over the limit is enough to refuse it
      body = in.readNBytes(PushEndpoint.MAX_BODY + 1);
    }
    PushEndpoint.Response response =
        push.handle(
            new PushEndpoint.Request(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders()::getFirst,
                body));
    respond(exchange, response.status(), "application/json", response.body());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void probe(HttpExchange exchange, boolean ok) throws IOException {
    respond(exchange, ok ? 200 : 503, "text/plain", ok ? "ok\n" : "not ok\n");
  }

  private static void respond(HttpExchange exchange, int code, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
