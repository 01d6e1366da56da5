package dev.dewy.operator.registry;

import com.google.protobuf.Empty;
import com.sun.net.httpserver.HttpServer;
import dev.dewy.operator.registry.grpc.CurrentRequest;
import dev.dewy.operator.registry.grpc.CurrentResponse;
import dev.dewy.operator.registry.grpc.RegistryServiceGrpc;
import dev.dewy.operator.registry.grpc.ReportRequest;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A Dewy registry server for tests, from the same proto: a grpc-java Netty server on a loopback
 * port answering {@code Current} with the release it is told, recording every request and {@code
 * Report}, and an HTTP server beside it that serves the release files.
 */
public final class DewyRegistryServer implements AutoCloseable {
  private final Server grpc;
  private final HttpServer http;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final List<CurrentRequest> currents = new CopyOnWriteArrayList<>();
  private final List<ReportRequest> reports = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile CurrentResponse current = CurrentResponse.getDefaultInstance();
  private volatile Status currentFails;
  private volatile Status reportFails;
  private volatile boolean hang;

  public DewyRegistryServer() throws IOException {
    grpc =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .addService(new Service())
            .build()
            .start();
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext(
        "/",
        exchange -> {
          byte[] body = files.get(exchange.getRequestURI().getPath());
          if (body == null) {
            exchange.sendResponseHeaders(404, -1);
          } else if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(200, -1);
          } else {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    http.start();
  }

  /** The URL a DewyDeployment names this server by. */
  public String url() {
    return "grpc://127.0.0.1:" + grpc.getPort() + "?no-tls=true";
  }

  public int port() {
    return grpc.getPort();
  }

  /** Serves {@code body} over HTTP at /PATH; returns its URL. */
  public String serve(String path, byte[] body) {
    files.put("/" + path, body);
    return "http://127.0.0.1:" + http.getAddress().getPort() + "/" + path;
  }

  /** Current answers this release from now on. */
  public void offer(String id, String tag, String artifactUrl) {
    current =
        CurrentResponse.newBuilder().setId(id).setTag(tag).setArtifactUrl(artifactUrl).build();
  }

  /** Current fails with {@code status} from now on (null: answers again). */
  public void failCurrent(Status status) {
    currentFails = status;
  }

  /** Report fails with {@code status} from now on (null: records again). */
  public void failReport(Status status) {
    reportFails = status;
  }

  /** Current does not answer until {@link #close}. */
  public void hang() {
    hang = true;
  }

  public List<CurrentRequest> currents() {
    return List.copyOf(currents);
  }

  public List<ReportRequest> reports() {
    return List.copyOf(reports);
  }

  @Override
  public void close() throws InterruptedException {
    release.countDown();
    grpc.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    http.stop(0);
  }

  private final class Service extends RegistryServiceGrpc.RegistryServiceImplBase {
    @Override
    public void current(CurrentRequest request, StreamObserver<CurrentResponse> response) {
      currents.add(request);
      if (hang) {
        try {
          release.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      Status fails = currentFails;
      if (fails != null) {
        response.onError(fails.asRuntimeException());
        return;
      }
      response.onNext(current);
      response.onCompleted();
    }

    @Override
    public void report(ReportRequest request, StreamObserver<Empty> response) {
      Status fails = reportFails;
      if (fails != null) {
        response.onError(fails.asRuntimeException());
        return;
      }
      reports.add(request);
      response.onNext(Empty.getDefaultInstance());
      response.onCompleted();
    }
  }
}
