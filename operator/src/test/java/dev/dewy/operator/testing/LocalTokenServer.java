package dev.dewy.operator.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Docker token service on 127.0.0.1 ({@code GET /token?service=&scope=}), as Docker Hub's
 * auth.docker.io works: basic credentials in, a JWT for the asked scope out, 401 for wrong
 * credentials.
 */
final class LocalTokenServer implements AutoCloseable {
  private final HttpServer server;
  private final TokenIssuer issuer;
  private final String username;
  private final String password;
  private final AtomicInteger requests = new AtomicInteger();

  LocalTokenServer(TokenIssuer issuer, String username, String password) {
    this.issuer = issuer;
    this.username = username;
    this.password = password;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/token", this::issue);
    server.start();
  }

  String realm() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  int requests() {
    return requests.get();
  }

  private void issue(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      Optional<String> user =
          authenticatedUser(exchange.getRequestHeaders().getFirst("Authorization"));
      if (user.isEmpty()) {
        send(exchange, 401, "{\"details\":\"incorrect username or password\"}");
        return;
      }
      // scope=repository:NAME:ACTIONS; an unscoped request (a login) gets a token for nothing
      String scope = parameter(exchange.getRequestURI().getRawQuery(), "scope").orElse("");
      String[] parts = scope.split(":");
      String token =
          parts.length == 3
              ? issuer.mint(user.get(), parts[1], Instant.now(), parts[2].split(","))
              : issuer.mint(user.get(), "", Instant.now());
      send(exchange, 200, "{\"token\":\"%s\",\"expires_in\":300}".formatted(token));
    }
  }

  private Optional<String> authenticatedUser(String authorization) {
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    return expected.equals(authorization) ? Optional.of(username) : Optional.empty();
  }

  private static Optional<String> parameter(String query, String name) {
    if (query == null) {
      return Optional.empty();
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith(name + "=")) {
        return Optional.of(
            URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
