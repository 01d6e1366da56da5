package dev.dewy.operator.testing;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real GCS emulator for tests: fake-gcs-server (.ci/install-fake-gcs-server installs it) over
 * plain HTTP on 127.0.0.1 and a free port, in memory, with one bucket. It checks no credentials.
 *
 * <p>Use as {@code @RegisterExtension static final LocalGcs gcs = new LocalGcs("releases");}.
 */
public final class LocalGcs implements BeforeAllCallback, AfterAllCallback {
  public static final Path BINARY = Path.of("../.tools/bin/fake-gcs-server").toAbsolutePath();

  private final String bucket;
  private Process process;
  private URI endpoint;
  private Storage client;

  public LocalGcs(String bucket) {
    this.bucket = bucket;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(
          BINARY + " is missing: install it with .ci/install-fake-gcs-server");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    endpoint = URI.create("http://127.0.0.1:" + port);
    process =
        new ProcessBuilder(
                BINARY.toString(),
                "-scheme",
                "http",
                "-host",
                "127.0.0.1",
                "-port",
                String.valueOf(port),
                "-backend",
                "memory",
                "-public-host",
                "127.0.0.1:" + port,
                "-external-url",
                endpoint.toString(),
                "-log-level",
                "warn")
            .redirectErrorStream(true)
            .redirectOutput(Path.of("target", "fake-gcs-server-" + port + ".log").toFile())
            .start();
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest buckets =
        HttpRequest.newBuilder(endpoint.resolve("/storage/v1/b"))
            .timeout(Duration.ofSeconds(2))
            .build();
    Awaitility.await("fake-gcs-server answering at " + endpoint)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new AssertionError(
                    "fake-gcs-server exited with " + process.exitValue() + " (see target/)");
              }
              return http.send(buckets, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            });
    client =
        StorageOptions.http()
            .setHost(endpoint.toString())
            .setProjectId("test")
            .setCredentials(NoCredentials.getInstance())
            .build()
            .getService();
    client.create(BucketInfo.of(bucket));
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (client != null) {
      client.close();
    }
    if (process != null) {
      process.destroy();
      process.waitFor();
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  public String bucket() {
    return bucket;
  }

  /** The registry URL of {@code prefix} in the bucket, with endpoint= and more {@code query}. */
  public String url(String prefix, String query) {
    return "gs://%s/%s?endpoint=%s%s"
        .formatted(bucket, prefix, endpoint, query.isEmpty() ? "" : "&" + query);
  }

  /** Uploads {@code body} as {@code name}. */
  public void put(String name, byte[] body) {
    client.create(BlobInfo.newBuilder(bucket, name).build(), body);
  }

  /** Uploads the file {@code file} as {@code name}. */
  public void put(String name, Path file) {
    try {
      put(name, Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The objects whose name starts with {@code prefix}. */
  public List<Blob> list(String prefix) {
    List<Blob> blobs = new ArrayList<>();
    client.list(bucket, Storage.BlobListOption.prefix(prefix)).iterateAll().forEach(blobs::add);
    return blobs;
  }
}
