package dev.dewy.operator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dewy.operator.registry.ArtifactChoice.Platform;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GrpcRegistry against a real grpc-java server on loopback: what it asks, and each failure. */
class GrpcRegistryTest {
  private static final Platform LINUX_AMD64 = new Platform("linux", "amd64");
  private static final Duration DEADLINE = Duration.ofSeconds(5);

  private DewyRegistryServer server;

  @BeforeEach
  void start() throws Exception {
    server = new DewyRegistryServer();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private GrpcRegistry registry(String url) {
    return new GrpcRegistry((GrpcUrl) RegistryUrl.parse(url), LINUX_AMD64, DEADLINE);
  }

  @Test
  void currentAsksForThisPlatformAndTheNamedArtifactAndOffersTheServersTagOnly() throws Exception {
    server.offer("r-7", "v1.4.0", "https://example.com/app_linux_amd64.tar.gz");

    try (GrpcRegistry registry = registry(server.url() + "&artifact=app_linux_amd64.tar.gz")) {
      assertThat(registry.tags()).containsExactly("v1.4.0");
      assertThat(registry.current())
          .isEqualTo(
              new GrpcRegistry.Release(
                  "r-7", "v1.4.0", "https://example.com/app_linux_amd64.tar.gz"));
    }

    assertThat(server.currents())
        .allSatisfy(
            request -> {
              assertThat(request.getOs()).isEqualTo("linux");
              assertThat(request.getArch()).isEqualTo("amd64");
              assertThat(request.getArifactName()).isEqualTo("app_linux_amd64.tar.gz");
            });
  }

  @Test
  void withoutArtifactTheArtifactNameIsLeftUnset() throws Exception {
    server.offer("r-1", "v1.0.0", "https://example.com/a.tar.gz");

    try (GrpcRegistry registry = registry(server.url())) {
      registry.tags();
    }

    assertThat(server.currents())
        .singleElement()
        .satisfies(r -> assertThat(r.hasArifactName()).isFalse());
  }

  @Test
  void aReportQuotesTheIdCurrentGaveForThatTagWithoutAnError() throws Exception {
    server.offer("r-7", "v1.4.0", "https://example.com/a.tar.gz");

    try (GrpcRegistry registry = registry(server.url())) {
      registry.tags();
      server.offer("r-8", "v1.5.0", "https://example.com/b.tar.gz");
      registry.report("v1.4.0", "hello.shop");
    }

    assertThat(server.reports())
        .singleElement()
        .satisfies(
            report -> {
              assertThat(report.getId()).isEqualTo("r-7");
              assertThat(report.getTag()).isEqualTo("v1.4.0");
              assertThat(report.getCommand()).isEqualTo("assets");
              assertThat(report.hasErr()).isFalse();
            });
  }

  @Test
  void aReportOfATagThisClientNeverSawAsksCurrentForItsId() throws Exception {
    server.offer("r-9", "v2.0.0", "https://example.com/a.tar.gz");

    try (GrpcRegistry registry = registry(server.url())) {
      registry.report("v2.0.0", "hello.shop");
    }

    assertThat(server.reports())
        .singleElement()
        .satisfies(r -> assertThat(r.getId()).isEqualTo("r-9"));
  }

  @Test
  void aClosedPortIsUnreachableAndTheMessageNamesThePort() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }

    try (GrpcRegistry registry = registry("grpc://127.0.0.1:" + port + "?no-tls=true")) {
      assertThatThrownBy(registry::tags)
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.UNREACHABLE))
          .hasMessageStartingWith("grpc://127.0.0.1:" + port + ": Current failed with UNAVAILABLE")
          .hasMessageContaining("is the server running and listening on port " + port + "?");
    }
  }

  @Test
  void tlsToAPlaintextServerFailsAndSuggestsNoTls() throws Exception {
    try (GrpcRegistry registry = registry("grpc://127.0.0.1:" + server.port())) {
      assertThatThrownBy(registry::tags)
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.UNREACHABLE))
          .hasMessageContaining("If it serves plaintext, add no-tls=true to spec.registry");
    }
  }

  @Test
  void aGrpcServerWithoutTheRegistryServiceIsNotADewyRegistry() throws Exception {
    Server other =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .build()
            .start();
    try (GrpcRegistry registry = registry("grpc://127.0.0.1:" + other.getPort() + "?no-tls=true")) {
      assertThatThrownBy(registry::tags)
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.PROTOCOL))
          .hasMessageContaining("Current failed with UNIMPLEMENTED")
          .hasMessageContaining(
              "does not implement dewy.RegistryService/Current: it is not a Dewy registry server");
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void noReleaseForThisPlatformIsNotFoundNamingPlatformAndArtifact() throws Exception {
    server.failCurrent(Status.NOT_FOUND.withDescription("no such artifact"));

    try (GrpcRegistry registry = registry(server.url() + "&artifact=app.zip")) {
      assertThatThrownBy(registry::tags)
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.NOT_FOUND))
          .hasMessage(
              server.url().replace("?no-tls=true", "")
                  + ": Current failed with NOT_FOUND (no such artifact); the server has no"
                  + " release for linux/amd64 named app.zip (from artifact=)");
    }
  }

  @Test
  void aRefusedCallIsUnauthorized() throws Exception {
    server.failCurrent(Status.PERMISSION_DENIED);

    try (GrpcRegistry registry = registry(server.url())) {
      assertThatThrownBy(registry::tags)
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.UNAUTHORIZED));
    }
  }

  @Test
  void aFailedReportIsARegistryExceptionNamingReport() throws Exception {
    server.offer("r-1", "v1.0.0", "https://example.com/a.tar.gz");
    server.failReport(Status.INTERNAL.withDescription("disk full"));

    try (GrpcRegistry registry = registry(server.url())) {
      registry.tags();
      assertThatThrownBy(() -> registry.report("v1.0.0", "hello.shop"))
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.PROTOCOL))
          .hasMessageContaining("Report failed with INTERNAL (disk full)");
    }
  }

  @Test
  void anAnswerWithoutATagIsAProtocolError() throws Exception {
    try (GrpcRegistry registry = registry(server.url())) {
      assertThatThrownBy(registry::tags)
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.PROTOCOL))
          .hasMessageContaining("Current answered without a tag");
    }
  }

  @Test
  void aServerThatDoesNotAnswerRunsIntoTheDeadline() throws Exception {
    server.hang();
    GrpcUrl url = (GrpcUrl) RegistryUrl.parse(server.url());

    try (GrpcRegistry registry = new GrpcRegistry(url, LINUX_AMD64, Duration.ofMillis(300))) {
      assertThatThrownBy(registry::tags)
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.UNREACHABLE))
          .hasMessageContaining("Current failed with DEADLINE_EXCEEDED")
          .hasMessageContaining("no answer within 0.3s");
    }
  }

  @Test
  void theArtifactOptionIsPassedOnAndPreReleasesAreTheServersCall() {
    GrpcUrl url = (GrpcUrl) RegistryUrl.parse("grpc://host:9000?artifact=app.zip");

    assertThat(url.artifact()).contains("app.zip");
    assertThat(url.options().preRelease()).isTrue();
    assertThat(url.options().artifact()).isEqualTo(Optional.of("app.zip"));
  }
}
