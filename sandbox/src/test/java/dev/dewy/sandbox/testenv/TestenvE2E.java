package dev.dewy.sandbox.testenv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code testenv/build} and {@code testenv/cluster} as a person runs them: a cluster that says
 * ready, answers kubectl and goes away without a trace on SIGTERM; and bad set-ups that stop with a
 * message saying what to do, never silently.
 */
class TestenvE2E {
  private static final Path TESTENV = Path.of("../testenv").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void clusterSaysReadyAnswersKubectlAndLeavesNothingBehindOnSigterm() throws Exception {
    BackendUse.used(Backend.CONTROL_PLANE);
    Path kubeconfig = dir.resolve("dewy.kubeconfig");
    Process cluster =
        new ProcessBuilder(
                TESTENV.resolve("cluster").toString(), "--kubeconfig", kubeconfig.toString())
            .redirectError(dir.resolve("stderr").toFile())
            .start();
    try {
      assertThat(firstLine(cluster)).as(read(dir.resolve("stderr"))).isEqualTo("ready");
      String nodes =
          run(Map.of("KUBECONFIG", kubeconfig.toString()), kubectl(), "get", "nodes").out();
      assertThat(nodes).containsPattern("dewy-node\\s+Ready\\s+<none>\\s+\\S+\\s+v1\\.34\\.4");
      String started = read(dir.resolve("stderr"));
      assertThat(started).containsPattern("Kubernetes v1\\.34\\.4 ready in [0-9.]+s");
      List<ProcessHandle> children = cluster.toHandle().descendants().toList();
      assertThat(children).hasSizeGreaterThanOrEqualTo(5);
      Path temporary = temporaryDirOf(children);

      cluster.destroy();

      assertThat(cluster.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(children).noneMatch(ProcessHandle::isAlive);
      assertThat(temporary).doesNotExist();
    } finally {
      cluster.destroyForcibly();
    }
  }

  @Test
  void aPortInUseIsNamed() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Result result =
          run(
              Map.of(),
              TESTENV.resolve("bin/cluster").toString(),
              "--kubeconfig",
              dir.resolve("k").toString(),
              "--port",
              String.valueOf(taken.getLocalPort()));

      assertThat(result.code()).isEqualTo(1);
      assertThat(result.out())
          .contains("port " + taken.getLocalPort() + " on 127.0.0.1 is in use", "--port");
    }
  }

  @Test
  void withoutGoTheBuildNamesTheVersionItNeeds() throws Exception {
    Result result = run(Map.of("PATH", "/usr/bin:/bin"), TESTENV.resolve("build").toString());

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.out()).contains("Go 1.24.0 or newer is needed", "no go command is on PATH");
  }

  @Test
  void aGoTooOldIsNamedWithTheVersionNeeded() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path go = bin.resolve("go");
    Files.writeString(go, "#!/bin/sh\necho go1.21.0\n");
    go.toFile().setExecutable(true);

    Result result =
        run(Map.of("PATH", bin + ":/usr/bin:/bin"), TESTENV.resolve("build").toString());

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.out()).contains("Go 1.24.0 or newer is needed", "found go1.21.0");
  }

  @Test
  void aFailingBuildShowsTheGoError() throws Exception {
    Path copy = dir.resolve("testenv");
    copyTree(TESTENV, copy);
    Files.writeString(
        copy.resolve("cmd/cluster/broken.go"), "package main\n\nfunc broken() { return 1 }\n");

    Result result = run(Map.of(), copy.resolve("build").toString());

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.out()).contains("broken.go:3", "too many return values", "go build failed");
  }

  private static String kubectl() {
    return TESTENV.resolve("bin/kubectl").toString();
  }

  /** The launcher's temporary directory, from the data dir its etcd was started with. */
  private static Path temporaryDirOf(List<ProcessHandle> children) {
    return children.stream()
        .flatMap(p -> p.info().arguments().stream().flatMap(Stream::of))
        .filter(a -> a.startsWith("--data-dir="))
        .map(a -> Path.of(a.substring("--data-dir=".length())).getParent())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no etcd among " + children));
  }

  private static String firstLine(Process process) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    return line == null ? "" : line;
  }

  private record Result(int code, String out) {}

  private static Result run(Map<String, String> env, String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
    return new Result(process.exitValue(), out);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path relative = from.relativize(path);
        if (relative.startsWith("bin")) {
          continue;
        }
        Path target = to.resolve(relative.toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }
}
