package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Streams watch events: as chunked JSON lines over plain HTTP (kubectl get -w, kubectl wait) and as
 * text frames over a websocket on the same URL (fabric8, JOSDK informers).
 */
public final class HttpWatchBridge {
  private final Vertx vertx;
  private final ObjectStore store;
  private final ResourceHandler resources;
  private final TableResponder tables;
  private volatile Encoded lastEncoded;

  public HttpWatchBridge(
      Vertx vertx, ObjectStore store, ResourceHandler resources, TableResponder tables) {
    this.vertx = vertx;
    this.store = store;
    this.resources = resources;
    this.tables = tables;
  }

  /** Whether a GET is a watch ({@code ?watch=true} or {@code ?watch=1}). */
  public static boolean isWatch(Map<String, String> query) {
    String watch = query.get("watch");
    return "true".equals(watch) || "1".equals(watch);
  }

  public void overHttp(HttpServerRequest request, ApiPath path, Map<String, String> query) {
    ResourceType type = resources.typeOf(path);
    var response = request.response();
    response.setChunked(true).putHeader("Content-Type", "application/json");
    response.setStatusCode(200);
    AtomicBoolean open = new AtomicBoolean(true);
    ObjectStore.Subscription subscription;
    try {
      subscription =
          subscribe(
              type,
              path,
              query,
              TableResponder.wanted(request.getHeader("Accept")),
              line -> {
                if (open.get()) response.write(line + "\n");
              });
    } catch (ApiException expired) {
      response.end(error(expired) + "\n");
      return;
    }
    response.write("");
    request
        .connection()
        .closeHandler(
            v -> {
              open.set(false);
              subscription.close();
            });
    response.closeHandler(
        v -> {
          open.set(false);
          subscription.close();
        });
    endAfterTimeout(
        query,
        () -> {
          open.set(false);
          subscription.close();
          if (!response.ended()) response.end();
        });
  }

  public void overWebSocket(ServerWebSocket socket, ApiPath path, Map<String, String> query) {
    ResourceType type = resources.typeOf(path);
    AtomicBoolean open = new AtomicBoolean(true);
    ObjectStore.Subscription subscription;
    try {
      subscription =
          subscribe(
              type,
              path,
              query,
              false,
              line -> {
                if (open.get()) socket.writeTextMessage(line);
              });
    } catch (ApiException expired) {
      socket.writeTextMessage(error(expired));
      socket.close((short) 1000, "watch expired");
      return;
    }
    socket.closeHandler(
        v -> {
          open.set(false);
          subscription.close();
        });
    endAfterTimeout(
        query,
        () -> {
          open.set(false);
          subscription.close();
          socket.close((short) 1000, "watch timeout");
        });
  }

  private ObjectStore.Subscription subscribe(
      ResourceType type,
      ApiPath path,
      Map<String, String> query,
      boolean table,
      Consumer<String> sink) {
    Predicate<com.fasterxml.jackson.databind.JsonNode> filter =
        Selectors.of(query.get("labelSelector"), query.get("fieldSelector"));
    if (path.namespace() != null) {
      filter = filter.and(o -> path.namespace().equals(Meta.namespace(o)));
    }
    if (path.name() != null) {
      filter = filter.and(o -> path.name().equals(Meta.name(o)));
    }
    AtomicBoolean first = new AtomicBoolean(true);
    return store.watch(
        type.storageKey(),
        filter::test,
        query.get("resourceVersion"),
        change -> {
          if (!table) {
            sink.accept(encode(type, change));
            return;
          }
          ObjectNode object = ResourceHandler.present(type, change.object().deepCopy());
          sink.accept(
              event(
                  change,
                  tables.table(
                      type,
                      List.of(object),
                      Meta.resourceVersion(object),
                      first.getAndSet(false))));
        });
  }

  /** Encodes a change once for all watchers of one version: they receive it one after another. */
  private String encode(ResourceType type, ObjectStore.Change change) {
    Encoded cached = lastEncoded;
    if (cached != null
        && cached.change() == change
        && cached.apiVersion().equals(type.apiVersion())) {
      return cached.line();
    }
    String line = event(change, ResourceHandler.present(type, change.object().deepCopy()));
    lastEncoded = new Encoded(change, type.apiVersion(), line);
    return line;
  }

  private static String event(ObjectStore.Change change, ObjectNode object) {
    ObjectNode event = JsonNodeFactory.instance.objectNode().put("type", change.type());
    event.set("object", object);
    return event.toString();
  }

  /** How a real server ends a watch it cannot serve: an ERROR event carrying the Status. */
  private static String error(ApiException problem) {
    ObjectNode event = JsonNodeFactory.instance.objectNode().put("type", "ERROR");
    event.set("object", problem.toStatus());
    return event.toString();
  }

  private record Encoded(ObjectStore.Change change, String apiVersion, String line) {}

  private void endAfterTimeout(Map<String, String> query, Runnable end) {
    String timeout = query.get("timeoutSeconds");
    if (timeout != null && timeout.matches("\\d+") && Long.parseLong(timeout) > 0) {
      vertx.setTimer(Long.parseLong(timeout) * 1000, id -> end.run());
    }
  }
}
