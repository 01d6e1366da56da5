package dev.dewy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The runnable sandbox as a user starts it from a shell. */
class SandboxMainIT {

  @Test
  void servesUntilTerminatedAndTellsHowToUseIt() throws Exception {
    int port = freePort();
    Path dir = Files.createTempDirectory("sandbox-main");
    Path kubeconfig = dir.resolve("kubeconfig");
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process process =
        java("--port", String.valueOf(port), "--kubeconfig", kubeconfig.toString())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(out).contains("ready"));
      assertThat(Files.readString(out).strip())
          .isEqualTo(
              "dewy-sandbox ready on http://127.0.0.1:"
                  + port
                  + "; export KUBECONFIG="
                  + kubeconfig.toAbsolutePath());
      var version =
          new ProcessBuilder(
                  Kubectl.BINARY.toString(),
                  "--kubeconfig=" + kubeconfig,
                  "--cache-dir=" + dir.resolve("cache"),
                  "version")
              .redirectErrorStream(true)
              .start();
      assertThat(version.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(new String(version.getInputStream().readAllBytes()))
          .contains("Server Version: v1.32.0");
    } finally {
      process.destroy();
    }
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
    assertThat(Files.readString(err)).doesNotContain("Exception");
  }

  @Test
  void aBadFlagPrintsUsageAndExitsWith2() throws Exception {
    Process process = java("--prot", "8080").redirectErrorStream(true).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(new String(process.getInputStream().readAllBytes()))
        .contains("bad argument \"--prot\"", "usage: java -jar dewy-sandbox.jar");
  }

  private static ProcessBuilder java(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SandboxMain.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
