package dev.dewy.operator.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl against one kubeconfig, as a user would type it; fails if it is missing. */
final class Kubectl {
  static final Path BINARY = Path.of("/usr/bin/kubectl");

  private final Path kubeconfig;
  private final Path cacheDir;

  Kubectl(Path kubeconfig, Path cacheDir) {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(
          "kubectl not found at " + BINARY + ": install kubectl 1.32 (this test drives it)");
    }
    this.kubeconfig = kubeconfig;
    this.cacheDir = cacheDir;
  }

  /** A kubectl that runs until stopped ({@code get -w}); its output so far can be read. */
  record Watch(Process process, Path out) implements AutoCloseable {
    String output() throws IOException {
      return Files.readString(out, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  /** Starts kubectl with {@code args} without waiting for it. */
  Watch start(String... args) throws IOException {
    Path out = Files.createTempFile(cacheDir, "watch", ".txt");
    Process process =
        new ProcessBuilder(command(args))
            .redirectOutput(out.toFile())
            .redirectErrorStream(true)
            .start();
    return new Watch(process, out);
  }

  /** Runs kubectl with {@code args}; returns stdout, or throws with stderr if it failed. */
  String run(String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile(cacheDir, "stdout", ".txt");
    Path err = Files.createTempFile(cacheDir, "stderr", ".txt");
    List<String> command = command(args);
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in 60 s");
    }
    if (process.exitValue() != 0) {
      throw new AssertionError(
          "%s exited %d: %s"
              .formatted(String.join(" ", command), process.exitValue(), Files.readString(err)));
    }
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private List<String> command(String... args) {
    List<String> command = new ArrayList<>(List.of(BINARY.toString()));
    command.add("--kubeconfig=" + kubeconfig);
    command.add("--cache-dir=" + cacheDir);
    command.addAll(List.of(args));
    return command;
  }
}
