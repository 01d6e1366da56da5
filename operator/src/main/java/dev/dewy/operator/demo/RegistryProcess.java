package dev.dewy.operator.demo;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One {@code docker-registry serve} process on a free 127.0.0.1 port, with its config and log in a
 * given directory; started only once {@code /v2/} answers, retried if the port was taken.
 */
public final class RegistryProcess implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final Process process;
  private final URI address;

  private RegistryProcess(Process process, URI address) {
    this.process = process;
    this.address = address;
  }

  /** Starts the registry serving {@code dir}/data, with {@code authYaml} as its auth section. */
  public static RegistryProcess start(Path dir, String authYaml) {
    String binary = requireOnPath("docker-registry", "docker-registry");
    Path log = logFile(dir);
    try {
      for (int attempt = 1; ; attempt++) {
        int port = freePort();
        Path config = writeConfig(dir, port, authYaml);
        Process process =
            new ProcessBuilder(binary, "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        RegistryProcess started =
            new RegistryProcess(process, URI.create("http://127.0.0.1:" + port));
        if (started.awaitReady()) {
          return started;
        }
        started.close();
        String output = Files.exists(log) ? Files.readString(log) : "(no log)";
        if (attempt == 3 || !output.contains("address already in use")) {
          throw new IllegalStateException(
              "docker-registry did not start within %ds; its log (%s):%n%s"
                  .formatted(STARTUP.toSeconds(), log, output));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** http://127.0.0.1:PORT, the registry itself (no counting proxy in between). */
  public URI address() {
    return address;
  }

  public static Path logFile(Path dir) {
    return dir.resolve("registry.log");
  }

  @Override
  public void close() {
    process.destroy();
    if (waitFor(process) < 0) {
      process.destroyForcibly();
    }
  }

  /** The path of {@code binary}, or a failure naming the Debian package that provides it. */
  public static String requireOnPath(String binary, String debianPackage) {
    return requireOnPath(binary, debianPackage, System.getenv().getOrDefault("PATH", ""));
  }

  public static String requireOnPath(String binary, String debianPackage, String path) {
    return findOnPath(binary, path)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "%s is not on PATH: install Debian's %s package (apt-get install -y %s); CI must too"
                        .formatted(binary, debianPackage, debianPackage)));
  }

  /** The path of the executable {@code binary} in the directories of {@code path}, if any. */
  public static Optional<String> findOnPath(String binary, String path) {
    for (String entry : path.split(File.pathSeparator)) {
      Path candidate = Path.of(entry, binary);
      if (!entry.isEmpty() && Files.isExecutable(candidate)) {
        return Optional.of(candidate.toString());
      }
    }
    return Optional.empty();
  }

  /** Waits up to 10 s; returns the exit code, or -1 if the process is still running. */
  public static int waitFor(Process process) {
    try {
      return process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static Path writeConfig(Path dir, int port, String authYaml) throws IOException {
    String yaml =
        """
        version: 0.1
        log:
          level: info
          formatter: text
        storage:
          filesystem:
            rootdirectory: %s
          delete:
            enabled: true
        http:
          addr: 127.0.0.1:%d
          relativeurls: true
        %s"""
            .formatted(dir.resolve("data"), port, authYaml);
    return Files.writeString(dir.resolve("config.yml"), yaml);
  }

  private boolean awaitReady() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(STARTUP);
    while (Instant.now().isBefore(deadline) && process.isAlive()) {
      try {
        HttpResponse<Void> response =
            client.send(
                HttpRequest.newBuilder(address.resolve("/v2/"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200 || response.statusCode() == 401) {
          return true;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      pause();
    }
    return false;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
