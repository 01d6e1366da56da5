package dev.dewy.sandbox.testenv;

import dev.dewy.sandbox.Kubectl;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real Kubernetes control plane for tests: etcd, kube-apiserver, kube-controller-manager,
 * kube-scheduler and the node agent, built from Kubernetes' sources and started by {@code
 * testenv/cluster}. One per test JVM through {@link ControlPlaneExtension}.
 */
public final class ControlPlane implements AutoCloseable {
  private static final long READY_TIMEOUT_SECONDS = 240;

  private final Path testenv;
  private final Path dir;
  private final Process launcher;
  private final Path kubeconfig;
  private final AuditLog audit;
  private final KubernetesClient client;
  private final String version;

  private ControlPlane(Path testenv, Path dir, Process launcher, String version) {
    this.testenv = testenv;
    this.dir = dir;
    this.launcher = launcher;
    this.kubeconfig = dir.resolve("admin.kubeconfig");
    this.audit = new AuditLog(dir.resolve("audit.log"));
    this.client = newClient(kubeconfig);
    this.version = version;
  }

  /**
   * Builds the control plane if needed ({@code testenv/build}), starts it and waits until its node
   * is Ready. Fails, with the launcher's own words, when Go is missing or too old, the build fails,
   * or a component cannot start.
   */
  public static ControlPlane start() {
    Path testenv = findTestenv();
    run(List.of(testenv.resolve("build").toString()), "testenv/build");
    try {
      Path dir =
          Files.createTempDirectory(Files.createDirectories(Path.of("target")), "controlplane-");
      List<String> command = new ArrayList<>();
      command.add(testenv.resolve("bin/cluster").toString());
      command.add("--kubeconfig=" + dir.resolve("admin.kubeconfig"));
      command.add("--audit-log=" + dir.resolve("audit.log"));
      command.add("--log-dir=" + dir.resolve("logs"));
      command.add("--node-agent-classpath=" + classpath());
      command.add("--java=" + Path.of(System.getProperty("java.home"), "bin", "java"));
      command.add("--exit-with-stdin");
      Process launcher =
          new ProcessBuilder(command).redirectError(dir.resolve("cluster.stderr").toFile()).start();
      String ready = awaitReady(launcher, dir);
      return new ControlPlane(testenv, dir, launcher, ready);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start testenv/bin/cluster: " + e.getMessage(), e);
    }
  }

  private static String awaitReady(Process launcher, Path dir) {
    CompletableFuture<Boolean> ready =
        CompletableFuture.supplyAsync(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  if (line.equals("ready")) {
                    return true;
                  }
                }
                return false;
              } catch (IOException e) {
                return false;
              }
            });
    boolean isReady;
    try {
      isReady = ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      isReady = false;
    }
    String stderr = read(dir.resolve("cluster.stderr"));
    if (!isReady) {
      launcher.destroy();
      throw new IllegalStateException(
          "the control plane did not become ready; testenv/bin/cluster said:\n"
              + stderr
              + "\n(component logs in "
              + dir.resolve("logs")
              + ")");
    }
    return stderr.lines().filter(l -> l.contains("ready in")).findFirst().orElse("");
  }

  /**
   * The classpath that holds the node agent and its dependencies: the test classpath under surefire
   * and failsafe, the class loader's under {@code mvn exec:java}, else this JVM's.
   */
  private static String classpath() {
    String surefire = System.getProperty("surefire.test.class.path");
    if (surefire != null && !surefire.isBlank()) {
      return surefire;
    }
    if (ControlPlane.class.getClassLoader() instanceof java.net.URLClassLoader loader) {
      return java.util.Arrays.stream(loader.getURLs())
          .map(url -> Path.of(java.net.URI.create(url.toString())).toString())
          .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }
    return System.getProperty("java.class.path");
  }

  private static Path findTestenv() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isExecutable(dir.resolve("testenv/build"))) {
        return dir.resolve("testenv");
      }
    }
    throw new IllegalStateException(
        "testenv/build not found above " + Path.of("").toAbsolutePath());
  }

  private static void run(List<String> command, String name) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new IllegalStateException(name + " failed:\n" + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + name + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static KubernetesClient newClient(Path kubeconfig) {
    try {
      Config config =
          Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
      config.setRequestRetryBackoffLimit(0);
      return new KubernetesClientBuilder()
          .withHttpClientFactory(new VertxHttpClientFactory())
          .withConfig(config)
          .build();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + kubeconfig, e);
    }
  }

  /**
   * Creates a namespace of its own for a test, named after {@code hint} with a random suffix, and
   * waits until its default service account exists, as pods in it need.
   */
  public String createNamespace(String hint) {
    BackendUse.used(Backend.CONTROL_PLANE);
    String base = hint.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
    base = base.substring(0, Math.min(base.length(), 50)).replaceAll("^-+|-+$", "");
    String name =
        base
            + "-"
            + Long.toString(
                java.util.concurrent.ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36),
                36);
    client
        .namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .build())
        .create();
    client
        .serviceAccounts()
        .inNamespace(name)
        .withName("default")
        .waitUntilCondition(java.util.Objects::nonNull, 60, TimeUnit.SECONDS);
    return name;
  }

  /** Deletes a test's namespace, without waiting for what is in it to go. */
  public void deleteNamespace(String name) {
    client.namespaces().withName(name).delete();
  }

  /** The admin's client (client certificate, group system:masters), closed with the cluster. */
  public KubernetesClient client() {
    return client;
  }

  /** A new admin client; the caller closes it. */
  public KubernetesClient newAdminClient() {
    return newClient(kubeconfig);
  }

  /** The admin kubeconfig, for kubectl and for the operator's jar. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** The kubectl built with the control plane, of the same version. */
  public Kubectl kubectl() {
    return kubectl(kubeconfig);
  }

  /** That kubectl with another kubeconfig, e.g. a service account's. */
  public Kubectl kubectl(Path config) {
    return new Kubectl(config, testenv.resolve("bin/kubectl"));
  }

  /** The kubectl testenv/build builds, of the control plane's version. */
  public static Path kubectlBinary() {
    return findTestenv().resolve("bin/kubectl");
  }

  /** kube-apiserver's audit of requests made by service accounts outside kube-system. */
  public AuditLog audit() {
    return audit;
  }

  /** Where the components' logs are, for a test's failure message. */
  public Path logs() {
    return dir.resolve("logs");
  }

  /** The launcher's line that says which Kubernetes is running, and how fast it started. */
  public String version() {
    return version;
  }

  @Override
  public void close() {
    client.close();
    launcher.destroy();
    try {
      if (!launcher.waitFor(30, TimeUnit.SECONDS)) {
        launcher.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
