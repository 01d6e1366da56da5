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

/**
 * The runnable sandbox as a user starts it from a shell: a small cluster, Jobs included. Sandbox
 * only: it tests the sandbox's jar itself.
 */
class SandboxMainIT {

  @org.junit.jupiter.api.io.TempDir Path dir;

  @Test
  void servesUntilTerminatedAndTellsHowToUseIt() throws Exception {
    int port = freePort();
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
              "dewy-sandbox ready on https://127.0.0.1:"
                  + port
                  + "; export KUBECONFIG="
                  + kubeconfig.toAbsolutePath());
      assertThat(kubectl(dir, kubeconfig, "version")).contains("Server Version: v1.34.4");
      Path job = dir.resolve("job.yaml");
      Files.writeString(
          job,
          """
          apiVersion: batch/v1
          kind: Job
          metadata: {name: hello}
          spec:
            template:
              spec:
                restartPolicy: Never
                containers: [{name: main, image: busybox, command: [echo, hello]}]
          """);
      kubectl(dir, kubeconfig, "apply", "-f", job.toString());
      assertThat(
              kubectl(
                  dir,
                  kubeconfig,
                  "wait",
                  "--for=condition=Complete",
                  "job/hello",
                  "--timeout=90s"))
          .as("the jar runs Jobs")
          .contains("job.batch/hello condition met");
      assertThat(kubectl(dir, kubeconfig, "logs", "job/hello")).isEqualTo("hello\n");
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

  /** Runs kubectl against the jar's kubeconfig; returns its output, failing unless it exits 0. */
  private static String kubectl(Path dir, Path kubeconfig, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Kubectl.BINARY.toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.add("--cache-dir=" + dir.resolve("cache"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    return output;
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
