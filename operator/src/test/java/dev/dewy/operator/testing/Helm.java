package dev.dewy.operator.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real helm binary (.ci/install-helm installs it), optionally against a cluster. */
public final class Helm {
  public static final Path BINARY = Path.of("../.tools/bin/helm").toAbsolutePath();
  public static final Path CHART = Path.of("../charts/dewy-operator").toAbsolutePath();

  /** What one helm command printed (stdout and stderr together) and how it exited. */
  public record Result(int exitCode, String output) {
    @Override
    public String toString() {
      return "exit " + exitCode + ":\n" + output;
    }
  }

  private final Path kubeconfig;

  private Helm(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
  }

  /** Helm without a cluster: template, lint. */
  public static Helm offline() {
    return new Helm(null);
  }

  /** Helm against the cluster of {@code kubeconfig}. */
  public static Helm on(Path kubeconfig) {
    return new Helm(kubeconfig);
  }

  public Result run(String... args) {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: install it with .ci/install-helm");
    }
    List<String> command = new ArrayList<>(List.of(BINARY.toString()));
    command.addAll(List.of(args));
    if (kubeconfig != null) {
      command.addAll(List.of("--kubeconfig", kubeconfig.toString()));
    }
    try {
      Process helm = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(helm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!helm.waitFor(5, TimeUnit.MINUTES)) {
        helm.destroyForcibly();
        throw new IllegalStateException("helm did not finish: " + command);
      }
      return new Result(helm.exitValue(), out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
