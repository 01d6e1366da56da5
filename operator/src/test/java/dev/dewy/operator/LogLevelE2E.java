package dev.dewy.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar dewy-operator.jar --sandbox} as a user starts it, with DEWY_LOG_LEVEL and
 * --log-level: the levels of the JSON lines on its stdout follow them, the flag winning.
 */
class LogLevelE2E {
  private static final Path JAR = Path.of("target/dewy-operator.jar").toAbsolutePath();

  @TempDir Path dir;

  @Test
  void dewyLogLevelDebugAddsDebugLines() throws Exception {
    assertThat(levels(Map.of("DEWY_LOG_LEVEL", "debug"))).contains("DEBUG", "INFO");
  }

  @Test
  void theFlagWinsOverTheEnvironmentAndWarnDropsInfoAndDebug() throws Exception {
    List<String> levels = levels(Map.of("DEWY_LOG_LEVEL", "debug"), "--log-level=warn");

    assertThat(levels).doesNotContain("DEBUG", "INFO");
  }

  @Test
  void byDefaultTheOperatorLogsAtInfo() throws Exception {
    assertThat(levels(Map.of())).contains("INFO").doesNotContain("DEBUG");
  }

  /**
   * The level of each stdout line of the jar in sandbox mode, from its start until its operator
   * serves /healthz (it starts the health server once the operator has started), with {@code env}
   * added to the environment.
   */
  private List<String> levels(Map<String, String> env, String... flags) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", JAR.toString()));
    command.addAll(List.of("--sandbox", "--metrics-port=" + port));
    command.addAll(List.of(flags));
    Path out = dir.resolve("stdout");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(dir.resolve("stderr").toFile());
    builder.environment().remove("DEWY_LOG_LEVEL");
    builder.environment().putAll(env);
    Process jar = builder.start();
    try {
      URI healthz = URI.create("http://127.0.0.1:" + port + "/healthz");
      HttpClient http = HttpClient.newHttpClient();
      Awaitility.await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptionsInstanceOf(IOException.class)
          .failFast("the jar exited", () -> !jar.isAlive())
          .until(
              () ->
                  http.send(
                              HttpRequest.newBuilder(healthz).build(),
                              HttpResponse.BodyHandlers.discarding())
                          .statusCode()
                      == 200);
    } catch (RuntimeException e) {
      throw new AssertionError(
          "no /healthz from the jar; its stderr:\n" + Files.readString(dir.resolve("stderr")), e);
    } finally {
      jar.destroy();
      jar.waitFor(30, TimeUnit.SECONDS);
    }
    ObjectMapper json = new ObjectMapper();
    List<String> levels = new ArrayList<>();
    for (String line : Files.readAllLines(out)) {
      if (line.startsWith("{")) {
        JsonNode parsed = json.readTree(line);
        levels.add(parsed.get("level").asText());
      }
    }
    return levels;
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
