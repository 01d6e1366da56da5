package dev.dewy.operator.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.registry.DewyRegistryServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fetch --source=grpc://...} against a real Dewy registry server serving files over HTTP.
 */
class GrpcFetchTest {
  @TempDir Path work;

  private DewyRegistryServer server;
  private byte[] archive;

  @BeforeEach
  void start() throws Exception {
    server = new DewyRegistryServer();
    archive =
        Files.readAllBytes(
            TestArchives.write(work.resolve("myapp_linux_amd64.tar.gz"), TestArchives.RELEASE));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private record Run(int exit, String out, String err) {}

  private Run fetch(String source, String version) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        FetchCommand.run(
            new String[] {
              "--source=" + source, "--version=" + version, "--into=" + work.resolve("app")
            },
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theArtifactCurrentNamesIsDownloadedCheckedAgainstItsSha256AndUnpacked() throws Exception {
    String url = server.serve("releases/v1.2.0/myapp.tar.gz", archive);
    server.serve(
        "releases/v1.2.0/myapp.tar.gz.sha256", (sha256(archive) + "  myapp.tar.gz\n").getBytes());
    server.offer("r-1", "v1.2.0", url);

    Run run = fetch(server.url(), "v1.2.0");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("fetched myapp.tar.gz of v1.2.0")
        .contains("SHA-256 matches myapp.tar.gz.sha256");
    assertThat(work.resolve("app/current/myapp")).hasContent("#!/bin/sh\necho hello");
    assertThat(server.currents())
        .singleElement()
        .satisfies(r -> assertThat(r.getOs()).isNotEmpty());
  }

  @Test
  void withoutAPublishedChecksumTheDownloadIsTakenAsItIs() {
    server.offer("r-1", "v1.2.0", server.serve("dl/myapp.tar.gz", archive));

    Run run = fetch(server.url(), "v1.2.0");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("no checksum published");
  }

  @Test
  void aChecksumsTxtThatDisagreesIsRefusedAndNothingIsUnpacked() {
    String url = server.serve("dl/myapp.tar.gz", archive);
    server.serve("dl/checksums.txt", ("0".repeat(64) + "  myapp.tar.gz\n").getBytes());
    server.offer("r-1", "v1.2.0", url);

    Run run = fetch(server.url(), "v1.2.0");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("dewy-operator fetch: checksum mismatch: myapp.tar.gz has SHA-256 ")
        .contains("but checksums.txt publishes " + "0".repeat(64));
    assertThat(work.resolve("app/current")).doesNotExist();
  }

  @Test
  void aServerOfferingAnotherVersionIsRefusedNamingBoth() {
    server.offer("r-2", "v1.3.0", server.serve("dl/myapp.tar.gz", archive));

    Run run = fetch(server.url(), "v1.2.0");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .contains(
            "cannot read the release source: grpc://127.0.0.1:%d: the server offers v1.3.0 now, not v1.2.0"
                .formatted(server.port()));
    assertThat(work.resolve("app/current")).doesNotExist();
  }

  @Test
  void anArtifactUrlThatIsNotThereSaysWhichUrlAnsweredWhat() {
    server.offer(
        "r-1", "v1.2.0", server.serve("dl/other", archive).replace("other", "myapp.tar.gz"));

    Run run = fetch(server.url(), "v1.2.0");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .contains("myapp.tar.gz: GET http://127.0.0.1:")
        .contains("/dl/myapp.tar.gz answered HTTP 404");
  }

  @Test
  void anArtifactUrlOfAnotherSchemeIsRefused() {
    server.offer("r-1", "v1.2.0", "ftp://example.com/myapp.tar.gz");

    Run run = fetch(server.url(), "v1.2.0");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .contains(
            "artifact_url ftp://example.com/myapp.tar.gz has scheme \"ftp\"; the fetcher downloads https://, http:// and s3://");
  }

  @Test
  void aServerThatIsDownFailsWithTheRegistrysMessage() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }

    Run run = fetch("grpc://127.0.0.1:" + port + "?no-tls=true", "v1.2.0");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .contains(
            "cannot read the release source: grpc://127.0.0.1:"
                + port
                + ": Current failed with UNAVAILABLE")
        .contains("is the server running and listening on port " + port);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
