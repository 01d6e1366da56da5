package dev.dewy.operator.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A JDK HttpServer on 127.0.0.1 that answers as a test scripts it, for registry behaviour the real
 * distribution registry cannot be made to show (paging, tokens, 429, odd tags).
 */
final class FakeRegistryServer implements AutoCloseable {

  /** What the server saw: method, path with query, and the Authorization header, if any. */
  record Seen(String method, String pathAndQuery, String authorization) {}

  /** Answers one request. */
  interface Handler {
    void handle(HttpExchange exchange) throws IOException;
  }

  private final HttpServer server;
  private final java.util.concurrent.ExecutorService executor =
      java.util.concurrent.Executors.newCachedThreadPool();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();

  FakeRegistryServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.start();
  }

  /** Serves {@code path} (and everything under it) with {@code handler}. */
  FakeRegistryServer on(String path, Handler handler) {
    server.createContext(
        path,
        exchange -> {
          try (exchange) {
            String query = exchange.getRequestURI().getRawQuery();
            seen.add(
                new Seen(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query),
                    exchange.getRequestHeaders().getFirst("Authorization")));
            handler.handle(exchange);
          }
        });
    return this;
  }

  String hostPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  List<Seen> seen() {
    return List.copyOf(seen);
  }

  List<Seen> seen(String pathPrefix) {
    return seen.stream().filter(s -> s.pathAndQuery().startsWith(pathPrefix)).toList();
  }

  static void reply(HttpExchange exchange, int status, String body, Map<String, String> headers)
      throws IOException {
    headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  static void reply(HttpExchange exchange, int status, String body) throws IOException {
    reply(exchange, status, body, Map.of("Content-Type", "application/json"));
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
