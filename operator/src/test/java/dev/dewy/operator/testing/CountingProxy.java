package dev.dewy.operator.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A plain-HTTP front door on 127.0.0.1 that forwards every request to a backend and records it, so
 * a test can count the requests that really reached the server behind it.
 */
public final class CountingProxy implements AutoCloseable {
  /** Headers the JDK client sets itself or that belong to one hop only. */
  private static final Set<String> HOP_HEADERS =
      Set.of(
          "host",
          "connection",
          "content-length",
          "expect",
          "upgrade",
          "transfer-encoding",
          "keep-alive",
          "date");

  /** One forwarded request: method, path with query, and the backend's status. */
  public record Request(String method, String pathAndQuery, int status) {
    @Override
    public String toString() {
      return method + " " + pathAndQuery + " -> " + status;
    }
  }

  private final URI backend;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final HttpClient client =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  private CountingProxy(URI backend) throws IOException {
    this.backend = backend;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::forward);
    server.setExecutor(executor);
  }

  /** Starts a proxy in front of {@code backend} (scheme://host:port). */
  public static CountingProxy start(URI backend) {
    try {
      CountingProxy proxy = new CountingProxy(backend);
      proxy.server.start();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** 127.0.0.1:PORT, where clients should connect. */
  public String hostPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every request forwarded so far, oldest first. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** How many forwarded requests had this method and a path starting with {@code prefix}. */
  public long count(String method, String prefix) {
    return requests.stream()
        .filter(r -> r.method().equals(method) && r.pathAndQuery().startsWith(prefix))
        .count();
  }

  public void reset() {
    requests.clear();
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      String pathAndQuery = exchange.getRequestURI().getRawPath();
      if (exchange.getRequestURI().getRawQuery() != null) {
        pathAndQuery += "?" + exchange.getRequestURI().getRawQuery();
      }
      HttpResponse<byte[]> response = send(exchange, pathAndQuery);
      requests.add(new Request(exchange.getRequestMethod(), pathAndQuery, response.statusCode()));
      response
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                  exchange.getResponseHeaders().put(name, values);
                }
              });
      byte[] body = response.body();
      boolean noBody = body.length == 0 || exchange.getRequestMethod().equals("HEAD");
      if (noBody && exchange.getRequestMethod().equals("HEAD")) {
        response
            .headers()
            .firstValue("Content-Length")
            .ifPresent(length -> exchange.getResponseHeaders().set("Content-Length", length));
      }
      exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : body.length);
      if (!noBody) {
        exchange.getResponseBody().write(body);
      }
    }
  }

  private HttpResponse<byte[]> send(HttpExchange exchange, String pathAndQuery) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(backend.resolve(pathAndQuery))
            .timeout(Duration.ofSeconds(60))
            .method(
                exchange.getRequestMethod(),
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
              }
            });
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while forwarding " + pathAndQuery, e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
