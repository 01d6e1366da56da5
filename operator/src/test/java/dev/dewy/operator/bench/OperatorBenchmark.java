package dev.dewy.operator.bench;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.deploy.HookKind;
import dev.dewy.operator.deploy.Labels;
import dev.dewy.operator.push.PushEndpoint;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorAccount;
import dev.dewy.operator.testing.OperatorHarness;
import dev.dewy.operator.testing.PrometheusText;
import dev.dewy.sandbox.Sandbox;
import dev.dewy.sandbox.SandboxOptions;
import dev.dewy.sandbox.testenv.AuditLog;
import dev.dewy.sandbox.testenv.ControlPlane;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * What a DewyDeployment costs, measured rather than asserted: N DewyDeployments on K image
 * repositories, the operator as a separate JVM with the chart's JVM options, on the real control
 * plane and on the sandbox. Prints: time until all are Ready, the operator's RSS idle and at N,
 * registry tags requests per interval, API writes per minute at rest, p50/p99 of a no-op reconcile,
 * start to first reconcile, and for the control plane the API requests and writes of one deploy
 * with both hooks. Run it with {@code ./benchmark} (see the README).
 */
public final class OperatorBenchmark {
  /** The summary of no-op reconcile passes on /metrics, with quantiles 0.5, 0.9 and 0.99. */
  private static final String NOOP_RECONCILE = "dewy_noop_reconcile_duration_seconds";

  private static final String NAMESPACE = "bench";
  private static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final String PUSH_SECRET = "benchmark-push-secret";
  private static final Path JAR = Path.of("target/dewy-operator.jar");
  private static final Path VALUES = Path.of("../charts/dewy-operator/values.yaml");
  private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

  private final List<String> report = new ArrayList<>();
  private boolean diagnose;

  public static void main(String[] args) throws Exception {
    Map<String, String> flags = new java.util.HashMap<>();
    for (String arg : args) {
      String[] kv = arg.replaceFirst("^--", "").split("=", 2);
      flags.put(kv[0], kv.length > 1 ? kv[1] : "true");
    }
    List<Integer> sizes =
        List.of(flags.getOrDefault("n", "1000,5000").split(",")).stream()
            .map(Integer::parseInt)
            .toList();
    int repositories = Integer.parseInt(flags.getOrDefault("repos", "10"));
    List<String> backends =
        List.of(flags.getOrDefault("backend", "control-plane,sandbox").split(","));
    OperatorBenchmark bench = new OperatorBenchmark();
    // --diagnose: the operator's heap and its largest classes at each N, to see what grows
    bench.diagnose = flags.containsKey("diagnose");
    for (String backend : backends) {
      bench.run(backend, sizes, repositories);
    }
    System.out.println();
    System.out.println(
        "== dewy-operator benchmark ("
            + Instant.now()
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " cores)");
    bench.report.forEach(System.out::println);
    System.exit(0);
  }

  private void run(String backend, List<Integer> sizes, int repositories) throws Exception {
    try (LocalOciRegistry registry = LocalOciRegistry.anonymous().start();
        Backend cluster = Backend.start(backend)) {
      KubernetesClient client = cluster.client();
      installCrd(client);
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
          .serverSideApply();
      for (int k = 0; k < repositories; k++) {
        registry.pushImages("bench/app-" + k, "v1.0.0");
      }
      create(client, registry, 0, 1, repositories);
      int port = freePort();
      Instant launched = Instant.now();
      Process operator = cluster.operator(port);
      try {
        Duration firstReconcile = awaitFirstPass(port, launched);
        awaitAllReady(client, 1, Duration.ofMinutes(2));
        Thread.sleep(10_000);
        long idleRss = rss(operator);
        row(backend, "start to first reconcile", seconds(firstReconcile));
        row(backend, "operator RSS idle (1 DewyDeployment)", mib(idleRss));
        int created = 1;
        for (int n : sizes) {
          Instant start = Instant.now();
          create(client, registry, created, n, repositories);
          created = n;
          Duration ready = awaitAllReady(client, n, Duration.ofMinutes(15));
          Duration readySince = Duration.between(start, Instant.now());
          row(
              backend,
              "N=" + n + ": all Ready after creation",
              seconds(readySince) + " (" + seconds(ready) + " after the last create)");
          Thread.sleep(20_000);
          row(
              backend,
              "N=" + n + ": operator RSS",
              mib(rss(operator)) + " (+" + mib(rss(operator) - idleRss) + " over idle)");
          if (diagnose) {
            jcmd(operator, "GC.heap_info");
            jcmd(operator, "GC.class_histogram");
          }
          registry.resetRequests();
          long writes = cluster.writesDuring(Duration.ofSeconds(60));
          long tagRequests =
              IntStream.range(0, repositories)
                  .mapToLong(k -> registry.tagListRequests("bench/app-" + k))
                  .sum();
          row(
              backend,
              "N=" + n + ": registry tags requests per interval",
              String.format(
                  Locale.ROOT,
                  "%.1f (%d repositories)",
                  tagRequests / (60.0 / INTERVAL.toSeconds()),
                  repositories));
          row(backend, "N=" + n + ": API writes per minute at rest", String.valueOf(writes));
          Map<String, Double> quantiles = reconcileQuantiles(port);
          row(
              backend,
              "N=" + n + ": no-op reconcile p50 / p99",
              String.format(
                  Locale.ROOT,
                  "%.2f ms / %.2f ms",
                  quantiles.get("0.5") * 1000,
                  quantiles.get("0.99") * 1000));
          // at the first N: with thousands of Deployments just created, kube-controller-manager
          // (20 requests/s to the API by default) is still rolling them out, minutes later
          if (n == sizes.get(0) && cluster instanceof Backend.RealControlPlane plane) {
            oneDeploy(client, registry, plane, backend, n);
          }
          if (n == sizes.get(0)) {
            pushLatency(client, port, backend, n);
          }
        }
      } finally {
        operator.destroy();
        operator.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /** API requests and writes of one deploy with both hooks, from kube-apiserver's audit log. */
  private void oneDeploy(
      KubernetesClient client,
      LocalOciRegistry registry,
      Backend.RealControlPlane plane,
      String backend,
      int n)
      throws Exception {
    registry.pushImages("bench/deploy", "v1.0.0");
    client
        .resource(deployment("deploy", registry.imageReference("bench/deploy", "v1.0.0"), 1))
        .create();
    client.resource(dewy("deploy", registry.registryUrl("bench/deploy"), true)).create();
    awaitVersion(client, "deploy", "v1.0.0");
    Thread.sleep(5_000);
    long mark = plane.audit().mark();
    registry.pushImages("bench/deploy", "v1.1.0");
    try {
      awaitVersion(client, "deploy", "v1.1.0");
    } catch (IllegalStateException e) {
      // what the workload, its pods and the node showed when the deploy gave up
      System.out.println(
          Serialization.asYaml(
              client.apps().deployments().inNamespace(NAMESPACE).withName("deploy").get()));
      client.pods().inNamespace(NAMESPACE).list().getItems().stream()
          .filter(p -> p.getMetadata().getName().startsWith("deploy"))
          .forEach(p -> System.out.println(Serialization.asYaml(p.getStatus())));
      client
          .nodes()
          .list()
          .getItems()
          .forEach(
              node -> System.out.println(Serialization.asYaml(node.getStatus().getConditions())));
      throw e;
    }
    // the other DewyDeployments are at rest and make no request but polls of their registry
    List<AuditLog.Request> requests =
        plane.audit().since(mark, plane.user()).stream()
            .filter(r -> !r.verb().equals("watch"))
            .toList();
    Set<String> writeVerbs = Set.of("create", "update", "patch", "delete");
    List<AuditLog.Request> writes =
        requests.stream().filter(r -> writeVerbs.contains(r.verb())).toList();
    long events = writes.stream().filter(r -> r.resource().endsWith("/events")).count();
    row(
        backend,
        "N=" + n + ": one deploy with both hooks: API requests / writes",
        requests.size()
            + " / "
            + writes.size()
            + " ("
            + (writes.size() - events)
            + " without Events; "
            + describe(writes)
            + ")");
  }

  /**
   * From a push to the registry (its manifest PUT answered) to the before-hook Job's creation as a
   * watch sees it, for a DewyDeployment polled hourly: only the registry's notification to the
   * operator's push endpoint can start it that soon.
   */
  private void pushLatency(KubernetesClient client, int port, String backend, int n)
      throws Exception {
    String endpoint = "http://127.0.0.1:" + port + PushEndpoint.DISTRIBUTION;
    List<Duration> latencies = new ArrayList<>();
    try (LocalOciRegistry registry =
        LocalOciRegistry.notifying(endpoint, "Bearer " + PUSH_SECRET).start()) {
      registry.pushImages("bench/push", "v1.0.0");
      client
          .resource(deployment("push", registry.imageReference("bench/push", "v1.0.0"), 1))
          .create();
      DewyDeployment dd = dewy("push", registry.registryUrl("bench/push"), true);
      dd.getSpec().setInterval("1h");
      client.resource(dd).create();
      awaitVersion(client, "push", "v1.0.0");
      java.util.concurrent.BlockingQueue<Instant> created =
          new java.util.concurrent.LinkedBlockingQueue<>();
      try (var watch =
          client
              .batch()
              .v1()
              .jobs()
              .inNamespace(NAMESPACE)
              .withLabel(Labels.DEPLOYMENT, "push")
              .withLabel(Labels.HOOK, HookKind.BEFORE_DEPLOY.label())
              .watch(
                  new Watcher<io.fabric8.kubernetes.api.model.batch.v1.Job>() {
                    @Override
                    public void eventReceived(
                        Action action, io.fabric8.kubernetes.api.model.batch.v1.Job job) {
                      if (action == Action.ADDED) {
                        created.add(Instant.now());
                      }
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                  })) {
        for (int i = 1; i <= 5; i++) {
          String version = "v1." + i + ".0";
          registry.pushImages("bench/push", version);
          Instant pushed = Instant.now();
          Instant started = created.poll(2, TimeUnit.MINUTES);
          if (started == null) {
            throw new IllegalStateException(
                "no before hook within 2 minutes of pushing " + version);
          }
          latencies.add(Duration.between(pushed, started));
          awaitVersion(client, "push", version);
        }
      }
    }
    List<Long> millis = latencies.stream().map(Duration::toMillis).sorted().toList();
    row(
        backend,
        "N=" + n + ": push notification to before-hook Job, median / max of 5",
        millis.get(millis.size() / 2) + " ms / " + millis.get(millis.size() - 1) + " ms");
  }

  private static String describe(List<AuditLog.Request> writes) {
    Map<String, Long> counts = new java.util.TreeMap<>();
    writes.forEach(w -> counts.merge(w.verb() + " " + w.resource(), 1L, Long::sum));
    return counts.toString();
  }

  private void row(String backend, String what, String value) {
    String line = String.format(Locale.ROOT, "%-14s %-52s %s", backend, what, value);
    System.out.println(line);
    report.add(line);
  }

  private static void create(
      KubernetesClient client, LocalOciRegistry registry, int from, int to, int repositories)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int i = from; i < to; i++) {
      int n = i;
      pool.execute(
          () -> {
            String repo = "bench/app-" + (n % repositories);
            String name = "app-" + n;
            client.resource(deployment(name, registry.imageReference(repo, "v1.0.0"), 0)).create();
            client.resource(dewy(name, registry.registryUrl(repo), false)).create();
          });
    }
    pool.shutdown();
    pool.awaitTermination(30, TimeUnit.MINUTES);
  }

  private static Deployment deployment(String name, String image, int replicas) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NAMESPACE)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withTemplate(OperatorHarness.template(name, image))
        .endSpec()
        .build();
  }

  private static DewyDeployment dewy(String name, String registry, boolean hooks) {
    String yaml =
        """
        apiVersion: dewy.dev/v1alpha1
        kind: DewyDeployment
        metadata: {name: %s, namespace: %s}
        spec:
          registry: %s
          interval: %ds
          target: {kind: Deployment, name: %s}
        %s"""
            .formatted(
                name,
                NAMESPACE,
                registry,
                INTERVAL.toSeconds(),
                name,
                hooks
                    ? "  hooks: {beforeDeploy: {command: 'echo before'}, afterDeploy: {command: 'echo after'}}\n"
                    : "");
    return Serialization.unmarshal(yaml, DewyDeployment.class);
  }

  private static Duration awaitAllReady(KubernetesClient client, int n, Duration limit)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(limit);
    Instant lastChange = Instant.now();
    while (Instant.now().isBefore(deadline)) {
      long ready =
          client.resources(DewyDeployment.class).inNamespace(NAMESPACE).list().getItems().stream()
              // the one-deploy and push measurements' own DewyDeployments are not of the N
              .filter(d -> !Set.of("deploy", "push").contains(d.getMetadata().getName()))
              .filter(d -> d.getStatus() != null && d.getStatus().getConditions() != null)
              .filter(
                  d ->
                      d.getStatus().getConditions().stream()
                          .anyMatch(
                              c -> c.getType().equals("Ready") && c.getStatus().equals("True")))
              .count();
      if (ready >= n) {
        return Duration.between(lastChange, Instant.now());
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException("not all " + n + " DewyDeployments Ready within " + limit);
  }

  private static void awaitVersion(KubernetesClient client, String name, String version)
      throws InterruptedException {
    DewyDeployment dd = null;
    Instant limit = Instant.now().plus(Duration.ofMinutes(5));
    while (Instant.now().isBefore(limit)) {
      dd = client.resources(DewyDeployment.class).inNamespace(NAMESPACE).withName(name).get();
      if (dd != null
          && dd.getStatus() != null
          && version.equals(dd.getStatus().getCurrentVersion())
          && dd.getStatus().getRollout() == null) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        name
            + " did not reach "
            + version
            + " within 5 minutes; its status:\n"
            + (dd == null ? "(none)" : Serialization.asYaml(dd.getStatus())));
  }

  private static Duration awaitFirstPass(int port, Instant launched) throws Exception {
    for (int i = 0; i < 1200; i++) {
      Optional<Double> passes =
          noopReconciles(port)
              .flatMap(f -> f.sample(NOOP_RECONCILE + "_count", Map.of()))
              .map(PrometheusText.Sample::value);
      if (passes.orElse(0.0) >= 1) {
        return Duration.between(launched, Instant.now());
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the operator never reconciled");
  }

  /** p50 and p99 of the no-op passes, from the summary the operator serves on /metrics. */
  private static Map<String, Double> reconcileQuantiles(int port) throws Exception {
    PrometheusText.Family summary =
        noopReconciles(port)
            .orElseThrow(() -> new IllegalStateException(NOOP_RECONCILE + " is not on /metrics"));
    Map<String, Double> quantiles = new java.util.HashMap<>();
    for (String q : List.of("0.5", "0.99")) {
      quantiles.put(
          q,
          summary
              .sample(NOOP_RECONCILE, Map.of("quantile", q))
              .orElseThrow(() -> new IllegalStateException("no quantile " + q))
              .value());
    }
    return quantiles;
  }

  /** The no-op reconcile summary; empty while /metrics cannot be read (the JVM is starting). */
  private static Optional<PrometheusText.Family> noopReconciles(int port) {
    return metricsText(port).flatMap(text -> PrometheusText.parse(text).family(NOOP_RECONCILE));
  }

  private static Optional<String> metricsText(int port) {
    try {
      String text =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      return Optional.of(text);
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Prints the first lines of a jcmd diagnostic of the operator. */
  private static void jcmd(Process operator, String command) throws Exception {
    Process jcmd =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(operator.pid()),
                command)
            .redirectErrorStream(true)
            .start();
    String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    jcmd.waitFor();
    System.out.println("== jcmd " + command);
    output.lines().limit(30).forEach(System.out::println);
  }

  private static long rss(Process process) throws IOException {
    Matcher m = RSS.matcher(Files.readString(Path.of("/proc/" + process.pid() + "/status")));
    return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.0f MiB", bytes / 1024.0 / 1024.0);
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  private static void installCrd(KubernetesClient client) throws IOException {
    CustomResourceDefinition crd =
        Serialization.unmarshal(
            Files.readString(Path.of("../crds/dewydeployments.dewy.dev-v1.yml")),
            CustomResourceDefinition.class);
    client.resource(crd).forceConflicts().serverSideApply();
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(crd.getMetadata().getName())
        .waitUntilCondition(
            c ->
                c != null
                    && c.getStatus() != null
                    && c.getStatus().getConditions() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            x -> x.getType().equals("Established") && x.getStatus().equals("True")),
            60,
            TimeUnit.SECONDS);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The chart's default JVM options, as the operator's container runs with them. */
  static List<String> chartJvmOptions() throws IOException {
    for (String line : Files.readAllLines(VALUES)) {
      if (line.startsWith("jvmOptions:")) {
        String value = line.substring("jvmOptions:".length()).trim().replaceAll("^\"|\"$", "");
        return List.of(value.split("\\s+"));
      }
    }
    throw new IllegalStateException("no jvmOptions in " + VALUES);
  }

  /** Where the benchmark runs: the real control plane or the sandbox. */
  private sealed interface Backend extends AutoCloseable {
    KubernetesClient client();

    Process operator(int port) throws IOException;

    /** Writes the operator makes during {@code window}, at rest. */
    long writesDuring(Duration window) throws Exception;

    @Override
    void close();

    static Backend start(String name) {
      return switch (name) {
        case "control-plane" -> new RealControlPlane(ControlPlane.start());
        case "sandbox" -> new SandboxBackend(Sandbox.start(SandboxOptions.cluster()));
        default ->
            throw new IllegalArgumentException(
                "unknown backend " + name + " (control-plane, sandbox)");
      };
    }

    static Process java(Path kubeconfig, int port) throws IOException {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(chartJvmOptions());
      // the chart's memory limit, which the JVM would see in its container
      command.add("-XX:MaxRAM=512m");
      command.addAll(
          List.of(
              "-Xlog:disable",
              "-jar",
              JAR.toString(),
              "--namespace=" + NAMESPACE,
              "--metrics-port=" + port));
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(Path.of("target/benchmark-operator.err").toFile());
      builder.environment().put("KUBECONFIG", kubeconfig.toString());
      builder.environment().put("DEWY_LOG_LEVEL", "WARN");
      builder.environment().put(PushEndpoint.SECRET_ENV, PUSH_SECRET);
      return builder.start();
    }

    /** The operator as the chart's service account, so the audit log can count its requests. */
    record RealControlPlane(ControlPlane plane, OperatorAccount account) implements Backend {
      RealControlPlane(ControlPlane plane) {
        this(plane, OperatorAccount.on(plane));
      }

      @Override
      public KubernetesClient client() {
        return plane.client();
      }

      @Override
      public Process operator(int port) throws IOException {
        return Backend.java(account.writeKubeconfig(Path.of("target/benchmark.kubeconfig")), port);
      }

      AuditLog audit() {
        return plane.audit();
      }

      String user() {
        return account.user();
      }

      @Override
      public long writesDuring(Duration window) throws Exception {
        long mark = plane.audit().mark();
        Thread.sleep(window.toMillis());
        Set<String> writes = Set.of("create", "update", "patch", "delete");
        return plane.audit().since(mark, account.user()).stream()
            .filter(r -> writes.contains(r.verb()))
            .count();
      }

      @Override
      public void close() {
        plane.close();
      }
    }

    /** The sandbox has no audit log: its writes are counted as the watch events they cause. */
    record SandboxBackend(Sandbox sandbox) implements Backend {
      @Override
      public KubernetesClient client() {
        return sandbox.client();
      }

      @Override
      public Process operator(int port) throws IOException {
        return Backend.java(sandbox.kubeconfig(), port);
      }

      @Override
      public long writesDuring(Duration window) throws Exception {
        AtomicLong events = new AtomicLong();
        Watcher<Object> counter =
            new Watcher<>() {
              @Override
              public void eventReceived(Action action, Object resource) {
                if (action != Action.BOOKMARK) {
                  events.incrementAndGet();
                }
              }

              @Override
              public void onClose(WatcherException cause) {}
            };
        String rv =
            sandbox
                .client()
                .resources(DewyDeployment.class)
                .inNamespace(NAMESPACE)
                .list()
                .getMetadata()
                .getResourceVersion();
        try (Watch dds =
                sandbox
                    .client()
                    .resources(DewyDeployment.class)
                    .inNamespace(NAMESPACE)
                    .withResourceVersion(rv)
                    .watch(cast(counter));
            Watch evs =
                sandbox
                    .client()
                    .v1()
                    .events()
                    .inNamespace(NAMESPACE)
                    .withResourceVersion(
                        sandbox
                            .client()
                            .v1()
                            .events()
                            .inNamespace(NAMESPACE)
                            .list()
                            .getMetadata()
                            .getResourceVersion())
                    .watch(cast(counter))) {
          Thread.sleep(window.toMillis());
        }
        return events.get();
      }

      @SuppressWarnings({"unchecked", "rawtypes"})
      private static <T> Watcher<T> cast(Watcher<Object> watcher) {
        return (Watcher) watcher;
      }

      @Override
      public void close() {
        sandbox.close();
      }
    }
  }
}
