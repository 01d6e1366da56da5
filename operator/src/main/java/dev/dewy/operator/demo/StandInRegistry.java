package dev.dewy.operator.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry for machines without docker-registry: serves the distribution API's read endpoints
 * ({@code /v2/}, tags list, manifests, blobs) for the images published to it, on 127.0.0.1; enough
 * for the operator's img:// client and for {@code docker pull}-style HEAD requests.
 */
public final class StandInRegistry implements DemoRegistry {
  private static final Pattern ROUTE =
      Pattern.compile(
          "/v2/(?<repo>[a-z0-9._/-]+?)/(?<kind>tags/list|manifests|blobs)(/(?<ref>.+))?");

  private final Map<String, ConcurrentSkipListMap<String, TinyImage>> repositories =
      new ConcurrentHashMap<>();
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  private final HttpServer server;

  private StandInRegistry(HttpServer server) {
    this.server = server;
  }

  /** Starts the stand-in on a free 127.0.0.1 port. */
  public static StandInRegistry start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      StandInRegistry registry = new StandInRegistry(server);
      server.createContext("/", registry::handle);
      server.setExecutor(Executors.newFixedThreadPool(2));
      server.start();
      return registry;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String hostPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void publish(String repository, String tag) {
    TinyImage image = TinyImage.forTag(tag);
    blobs.put(TinyImage.digest(image.layer()), image.layer());
    blobs.put(TinyImage.digest(image.config()), image.config());
    repositories.computeIfAbsent(repository, r -> new ConcurrentSkipListMap<>()).put(tag, image);
  }

  @Override
  public String description() {
    return "embedded stand-in registry on " + hostPort() + " (docker-registry is not installed)";
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      exchange.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
      Matcher route = ROUTE.matcher(path);
      if (!method.equals("GET") && !method.equals("HEAD")) {
        error(exchange, 405, "UNSUPPORTED", "this stand-in registry is read-only");
      } else if (path.equals("/v2/") || path.equals("/v2")) {
        respond(exchange, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
      } else if (!route.matches() || !repositories.containsKey(route.group("repo"))) {
        error(exchange, 404, "NAME_UNKNOWN", "repository name not known to registry");
      } else {
        serve(exchange, route.group("repo"), route.group("kind"), route.group("ref"));
      }
    }
  }

  private void serve(HttpExchange exchange, String repo, String kind, String ref)
      throws IOException {
    ConcurrentSkipListMap<String, TinyImage> tags = repositories.get(repo);
    switch (kind) {
      case "tags/list" -> {
        String list = String.join("\",\"", tags.keySet());
        String body =
            "{\"name\":\""
                + repo
                + "\",\"tags\":["
                + (list.isEmpty() ? "" : "\"" + list + "\"")
                + "]}";
        respond(exchange, 200, "application/json", body.getBytes(StandardCharsets.UTF_8));
      }
      case "manifests" -> {
        Optional<TinyImage> image = manifest(tags, ref);
        if (image.isEmpty()) {
          error(exchange, 404, "MANIFEST_UNKNOWN", "manifest unknown");
          return;
        }
        exchange.getResponseHeaders().set("Docker-Content-Digest", image.get().manifestDigest());
        respond(exchange, 200, TinyImage.MANIFEST_TYPE, image.get().manifest());
      }
      default -> {
        byte[] blob = ref == null ? null : blobs.get(ref);
        if (blob == null) {
          error(exchange, 404, "BLOB_UNKNOWN", "blob unknown to registry");
          return;
        }
        exchange.getResponseHeaders().set("Docker-Content-Digest", ref);
        respond(exchange, 200, "application/octet-stream", blob);
      }
    }
  }

  private static Optional<TinyImage> manifest(Map<String, TinyImage> tags, String ref) {
    if (ref == null) {
      return Optional.empty();
    }
    if (tags.containsKey(ref)) {
      return Optional.of(tags.get(ref));
    }
    return tags.values().stream().filter(i -> i.manifestDigest().equals(ref)).findFirst();
  }

  private static void error(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    String body = "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}";
    respond(exchange, status, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  private static void respond(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      exchange.getResponseBody().write(body);
    }
  }
}
