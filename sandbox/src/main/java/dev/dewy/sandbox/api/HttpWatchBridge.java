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
    var response = request.response();
    response.setChunked(true).putHeader("Content-Type", "application/json").setStatusCode(200);
    response.write("");
    serve(
        path,
        query,
        TableResponder.wanted(request.getHeader("Accept")),
        new Stream() {
          @Override
          public void send(String line) {
            response.write(line + "\n");
          }

          @Override
          public void end() {
            if (!response.ended()) {
              response.end();
            }
          }

          @Override
          public void onClose(Runnable stop) {
            request.connection().closeHandler(v -> stop.run());
            response.closeHandler(v -> stop.run());
          }
        });
  }

  public void overWebSocket(ServerWebSocket socket, ApiPath path, Map<String, String> query) {
    serve(
        path,
        query,
        false,
        new Stream() {
          @Override
          public void send(String line) {
            socket.writeTextMessage(line);
          }

          @Override
          public void end() {
            socket.close((short) 1000, "watch ended");
          }

          @Override
          public void onClose(Runnable stop) {
            socket.closeHandler(v -> stop.run());
          }
        });
  }

  /** Where one watch's events go and how it ends; HTTP and websockets differ only here. */
  private interface Stream {
    void send(String line);

    void end();

    void onClose(Runnable stop);
  }

  private void serve(ApiPath path, Map<String, String> query, boolean table, Stream stream) {
    ResourceType type = resources.typeOf(path);
    AtomicBoolean open = new AtomicBoolean(true);
    ObjectStore.Subscription subscription;
    try {
      subscription =
          subscribe(
              type,
              path,
              query,
              table,
              line -> {
                if (open.get()) {
                  stream.send(line);
                }
              });
    } catch (ApiException expired) {
      stream.send(error(expired));
      stream.end();
      return;
    }
    Runnable stop =
        () -> {
          open.set(false);
          subscription.close();
        };
    stream.onClose(stop);
    endAfterTimeout(
        query,
        () -> {
          stop.run();
          stream.end();
        });
  }

  private ObjectStore.Subscription subscribe(
      ResourceType type,
      ApiPath path,
      Map<String, String> query,
      boolean table,
      Consumer<String> sink) {
    Predicate<com.fasterxml.jackson.databind.JsonNode> selected =
        Selectors.of(query.get("labelSelector"), query.get("fieldSelector"));
    // selectors name the fields of the version watched, which is not always the stored one
    Predicate<com.fasterxml.jackson.databind.JsonNode> filter =
        EventVersions.isEventsV1(type)
            ? o -> selected.test(ResourceHandler.present(type, ((ObjectNode) o).deepCopy()))
            : selected;
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
