package dev.dewy.operator.notify;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A JDK HttpServer on 127.0.0.1 that records every request and answers as told, or hangs. */
public final class RecordingHttpServer implements AutoCloseable {
  public record Request(String method, String path, Headers headers, byte[] body) {
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch firstRequest = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile int status = 200;
  private volatile String answer = "{\"ok\":true}";
  private volatile boolean hang;

  public RecordingHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          requests.add(
              new Request(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getPath(),
                  exchange.getRequestHeaders(),
                  body));
          firstRequest.countDown();
          if (hang) {
            awaitRelease();
          }
          byte[] reply = answer.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, reply.length);
          exchange.getResponseBody().write(reply);
          exchange.close();
        });
    server.start();
  }

  private void awaitRelease() {
    try {
      release.await(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  RecordingHttpServer answering(int status, String answer) {
    this.status = status;
    this.answer = answer;
    return this;
  }

  /** Every request is held open, unanswered, until {@link #release()}. */
  RecordingHttpServer hanging() {
    this.hang = true;
    return this;
  }

  boolean awaitFirstRequest() throws InterruptedException {
    return firstRequest.await(1, TimeUnit.MINUTES);
  }

  /** True while hung requests are still being held. */
  boolean holding() {
    return release.getCount() > 0;
  }

  void release() {
    release.countDown();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public List<Request> requests() {
    return requests;
  }

  @Override
  public void close() {
    release();
    server.stop(0);
  }
}
