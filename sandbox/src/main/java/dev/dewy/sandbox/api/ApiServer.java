package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.zjsonpatch.JsonPatchException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP front: routes discovery, OpenAPI, watches and resource verbs to their handlers. */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private final Vertx vertx;
  private final DiscoveryResponder discovery;
  private final OpenApiResponder openApi;
  private final ResourceHandler resources;
  private final HttpWatchBridge watches;
  private final BearerToken token;
  private HttpServer server;

  public ApiServer(
      Vertx vertx,
      DiscoveryResponder discovery,
      OpenApiResponder openApi,
      ResourceHandler resources,
      HttpWatchBridge watches,
      BearerToken token) {
    this.vertx = vertx;
    this.token = token;
    this.discovery = discovery;
    this.openApi = openApi;
    this.resources = resources;
    this.watches = watches;
  }

  /** Binds 127.0.0.1 on the port (0: a free one), over TLS, and returns the port bound. */
  public int start(int port) {
    server =
        vertx.createHttpServer(
            new HttpServerOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setSsl(true)
                .setKeyCertOptions(ServingCertificate.get().serverOptions())
                .setMaxWebSocketFrameSize(16 * 1024 * 1024));
    server.webSocketHandler(this::onWebSocket).requestHandler(this::onRequest);
    return server.listen().toCompletionStage().toCompletableFuture().join().actualPort();
  }

  private void onWebSocket(ServerWebSocket socket) {
    if (!token.admits(socket.path(), socket.headers().get("Authorization"))) {
      socket.close((short) 1008, "Unauthorized");
      return;
    }
    Map<String, String> query = query(socket.query());
    ApiPath path = ApiPath.parse(socket.path());
    try {
      if (path == null || !HttpWatchBridge.isWatch(query)) {
        throw new ApiException(400, "BadRequest", "only watches are served over websockets");
      }
      watches.overWebSocket(socket, path, query);
    } catch (ApiException e) {
      socket.writeTextMessage(e.toStatus().toString());
      socket.close();
    }
  }

  private void onRequest(HttpServerRequest request) {
    if (!token.admits(request.path(), request.getHeader("Authorization"))) {
      send(request.response(), ApiResponse.json(401, BearerToken.unauthorized().toStatus()));
      return;
    }
    request
        .body()
        .onSuccess(
            body -> {
              try {
                String contentType = request.getHeader("Content-Type");
                if (ProtobufBodies.isProtobuf(contentType)) {
                  route(
                      request,
                      ProtobufBodies.decode(body.getBytes()).toString(),
                      "application/json");
                } else {
                  route(request, body.toString(), contentType);
                }
              } catch (ApiException e) {
                send(
                    request.response(),
                    e.plainText()
                        ? ApiResponse.text(e.code(), e.getMessage())
                        : ApiResponse.json(e.code(), e.toStatus()));
              } catch (JsonPatchException | IllegalArgumentException e) {
                send(
                    request.response(),
                    ApiResponse.json(
                        422,
                        new ApiException(
                                422,
                                "Invalid",
                                "the request could not be applied: " + e.getMessage())
                            .toStatus()));
              } catch (RuntimeException e) {
                LOG.warn("{} {} failed", request.method(), request.uri(), e);
                send(
                    request.response(),
                    ApiResponse.json(
                        500, new ApiException(500, "InternalError", String.valueOf(e)).toStatus()));
              }
            });
  }

  private void route(HttpServerRequest request, String body, String contentType) {
    String path = request.path();
    Map<String, String> query = query(request.query());
    String method = request.method().name();
    if (method.equals("GET")) {
      if ((path.equals("/api") || path.equals("/apis"))
          && !DiscoveryResponder.acceptsLegacy(request.getHeader("Accept"))) {
        throw new ApiException(406, "NotAcceptable", "only the legacy discovery format is served");
      }
      JsonNode document =
          path.startsWith("/openapi/") ? openApi.answer(path) : discovery.answer(path);
      if (document != null) {
        send(request.response(), ApiResponse.json(200, document));
        return;
      }
    }
    ApiPath apiPath = ApiPath.parse(path);
    if (apiPath == null) {
      throw ApiException.noSuchResource();
    }
    if (!resources.servesGroupVersion(apiPath.group(), apiPath.version())) {
      throw ApiException.pageNotFound();
    }
    if (method.equals("GET") && HttpWatchBridge.isWatch(query)) {
      watches.overHttp(request, apiPath, query);
      return;
    }
    send(
        request.response(),
        resources.handle(
            new ApiRequest(
                method, apiPath, query, request.getHeader("Accept"), contentType, body)));
  }

  private static void send(HttpServerResponse response, ApiResponse answer) {
    response.setStatusCode(answer.code());
    if (!answer.warnings().isEmpty()) {
      response.putHeader("Warning", answer.warnings());
    }
    if (answer.text() != null) {
      response.putHeader("Content-Type", "text/plain").end(answer.text());
    } else {
      response.putHeader("Content-Type", "application/json").end(answer.json().toString());
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      String key = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      query.putIfAbsent(decode(key), decode(value));
    }
    return query;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().toCompletionStage().toCompletableFuture().join();
    }
  }
}
