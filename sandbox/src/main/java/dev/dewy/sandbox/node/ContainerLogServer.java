package dev.dewy.sandbox.node;

import dev.dewy.sandbox.kubelet.PodLogStore;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The kubelet's {@code /containerLogs/{namespace}/{pod}/{container}} endpoint over HTTPS, which
 * kube-apiserver proxies {@code pods/log} to, so {@code kubectl logs} (with {@code -f}, {@code
 * --tail} and {@code --limit-bytes}) works through a real API server. Only clients with a
 * certificate from the cluster's CA are let in.
 */
final class ContainerLogServer implements AutoCloseable {
  private static final long FOLLOW_POLL_MILLIS = 200;

  private final Vertx vertx;
  private final PodLogStore logs;
  private HttpServer server;

  ContainerLogServer(Vertx vertx, PodLogStore logs) {
    this.vertx = vertx;
    this.logs = logs;
  }

  /** Listens on {@code host:port}; returns the port. */
  int start(String host, int port, Path cert, Path key, Path clientCa) {
    HttpServerOptions options =
        new HttpServerOptions()
            .setSsl(true)
            .setKeyCertOptions(
                new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString()))
            .setTrustOptions(new PemTrustOptions().addCertPath(clientCa.toString()))
            .setClientAuth(ClientAuth.REQUIRED);
    server =
        vertx
            .createHttpServer(options)
            .requestHandler(this::handle)
            .listen(port, host)
            .toCompletionStage()
            .toCompletableFuture()
            .join();
    return server.actualPort();
  }

  private void handle(HttpServerRequest request) {
    String[] parts = request.path().split("/");
    if ("/healthz".equals(request.path())) {
      request.response().end("ok");
      return;
    }
    if (parts.length != 5 || !"containerLogs".equals(parts[1])) {
      request
          .response()
          .setStatusCode(404)
          .end("the dewy node agent serves only /containerLogs/{namespace}/{pod}/{container}\n");
      return;
    }
    LogRequest log =
        new LogRequest(
            parts[2],
            parts[3],
            parts[4],
            "true".equals(request.getParam("follow")),
            longParam(request, "tailLines"),
            longParam(request, "limitBytes"));
    request.response().putHeader("Content-Type", "text/plain");
    if (!log.follow()) {
      request.response().end(log.select(current(log)));
      return;
    }
    request.response().setChunked(true);
    String first = log.select(current(log));
    request.response().write(first);
    follow(request, log, current(log).length(), first.getBytes(StandardCharsets.UTF_8).length);
  }

  /** Writes what the container appends, until it exits or the client goes away. */
  private void follow(HttpServerRequest request, LogRequest log, int sent, long bytesSent) {
    vertx.setTimer(
        FOLLOW_POLL_MILLIS,
        id -> {
          if (request.response().closed()) {
            return;
          }
          boolean done = logs.isComplete(log.namespace(), log.pod(), log.container());
          String all = current(log);
          String more = all.length() > sent ? all.substring(sent) : "";
          if (log.limitBytes() != null) {
            byte[] bytes = more.getBytes(StandardCharsets.UTF_8);
            long room = Math.max(0, log.limitBytes() - bytesSent);
            if (bytes.length >= room) {
              request
                  .response()
                  .end(new String(Arrays.copyOf(bytes, (int) room), StandardCharsets.UTF_8));
              return;
            }
          }
          if (!more.isEmpty()) {
            request.response().write(more);
          }
          if (done) {
            request.response().end();
          } else {
            follow(
                request,
                log,
                all.length(),
                bytesSent + more.getBytes(StandardCharsets.UTF_8).length);
          }
        });
  }

  private String current(LogRequest log) {
    return logs.logs(log.namespace(), log.pod(), log.container()).orElse("");
  }

  private static Long longParam(HttpServerRequest request, String name) {
    String value = request.getParam(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  /** One request's selection: the last {@code tailLines} lines, then at most limitBytes. */
  record LogRequest(
      String namespace,
      String pod,
      String container,
      boolean follow,
      Long tailLines,
      Long limitBytes) {

    String select(String log) {
      String text = log;
      if (tailLines != null) {
        text = lastLines(text, tailLines);
      }
      if (limitBytes != null) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > limitBytes) {
          text = new String(Arrays.copyOf(bytes, (int) (long) limitBytes), StandardCharsets.UTF_8);
        }
      }
      return text;
    }

    static String lastLines(String text, long count) {
      if (count <= 0) {
        return "";
      }
      int end = text.endsWith("\n") ? text.length() - 1 : text.length();
      int from = end;
      for (long seen = 0; from > 0; from--) {
        if (text.charAt(from - 1) == '\n' && ++seen == count) {
          break;
        }
      }
      return text.substring(from);
    }
  }
}
