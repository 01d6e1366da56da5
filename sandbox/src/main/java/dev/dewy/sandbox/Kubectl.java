package dev.dewy.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real kubectl against a sandbox, with a timeout, capturing what a user would see; for
 * tests in any module that drive the sandbox as users do.
 */
public final class Kubectl {
  public static final Path BINARY = Path.of("/usr/bin/kubectl");

  /** What one kubectl run printed and how it exited. */
  public record Result(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  private final Path kubeconfig;
  private final Path binary;
  private final Path cacheDir;
  private final String namespace;

  public Kubectl(Sandbox sandbox) {
    this(sandbox.kubeconfig());
  }

  /** Runs kubectl with {@code kubeconfig}, for a cluster started by other means. */
  public Kubectl(Path kubeconfig) {
    this(kubeconfig, BINARY);
  }

  /** Runs the kubectl at {@code binary}, e.g. the one testenv built for its control plane. */
  public Kubectl(Path kubeconfig, Path binary) {
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "kubectl not found at " + binary + ": these tests drive the real binary");
    }
    this.kubeconfig = kubeconfig;
    this.binary = binary;
    this.namespace = null;
    this.cacheDir = newCacheDir();
  }

  /** Cache directories of this JVM's kubectls, with their output files, removed at exit. */
  private static final java.util.Set<Path> CACHE_DIRS =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> CACHE_DIRS.forEach(dev.dewy.sandbox.kubelet.Kubelet::deleteWorkRoot)));
  }

  private static Path newCacheDir() {
    try {
      Path dir = Files.createTempDirectory("kubectl-cache-");
      CACHE_DIRS.add(dir);
      return dir;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Kubectl(Kubectl other, String namespace) {
    this.kubeconfig = other.kubeconfig;
    this.binary = other.binary;
    this.cacheDir = other.cacheDir;
    this.namespace = namespace;
  }

  /** The same kubectl with {@code namespace} as its default; a {@code -n} in the args wins. */
  public Kubectl inNamespace(String namespace) {
    return new Kubectl(this, namespace);
  }

  /** The binary this runs, e.g. to tell which version the output comes from. */
  public Path binary() {
    return binary;
  }

  public Result run(String... args) {
    return run(Duration.ofSeconds(60), args);
  }

  public Result run(Duration timeout, String... args) {
    return finish(start(args), timeout, args);
  }

  private static Result finish(Running running, Duration timeout, String... args) {
    try {
      if (!running.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        running.process().destroyForcibly();
        throw new AssertionError(
            "kubectl " + String.join(" ", args) + " did not finish in " + timeout);
      }
      return new Result(running.process().exitValue(), running.stdout(), running.stderr());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A kubectl still running (get -w, wait), whose output so far can be read. */
  public record Running(Process process, Path out, Path err) implements AutoCloseable {
    /** Stops a kubectl that would run on (get -w). */
    @Override
    public void close() {
      process.destroyForcibly();
    }

    public String stdout() {
      return readFile(out);
    }

    public String stderr() {
      return readFile(err);
    }
  }

  /** Starts kubectl without waiting, for commands that run until something happens. */
  public Running start(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.add("--cache-dir=" + cacheDir);
    if (namespace != null) {
      command.add("--namespace=" + namespace);
    }
    command.addAll(List.of(args));
    return start(command, Map.of());
  }

  /**
   * Runs the kubectl plugin {@code args[0]} as kubectl finds it: on the PATH, with {@code
   * pluginDir} first. kubectl refuses flags before a plugin's name, so the kubeconfig and namespace
   * come after the plugin's own arguments, where the plugin parses them itself.
   */
  public Result runPlugin(Path pluginDir, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    command.add("--kubeconfig=" + kubeconfig);
    if (namespace != null) {
      command.add("--namespace=" + namespace);
    }
    Map<String, String> environment = new java.util.HashMap<>(env);
    environment.put("PATH", pluginDir.toAbsolutePath() + ":" + System.getenv("PATH"));
    return finish(start(command, environment), Duration.ofSeconds(60), args);
  }

  private Running start(List<String> command, Map<String, String> env) {
    try {
      Path out = Files.createTempFile(cacheDir, "stdout", ".txt");
      Path err = Files.createTempFile(cacheDir, "stderr", ".txt");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      return new Running(process, out, err);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command, e);
    }
  }

  private static String readFile(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
