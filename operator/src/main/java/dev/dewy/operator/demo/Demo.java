package dev.dewy.operator.demo;

import dev.dewy.operator.Main;
import dev.dewy.operator.SandboxLauncher;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.deploy.DeployOperator;
import dev.dewy.operator.notify.ChannelSettings;
import dev.dewy.operator.version.SemVer;
import dev.dewy.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The quick start on a machine with no cluster: the sandbox, a registry holding demo versions, the
 * quick-start example and the operator, then a newer version published a few seconds later, so a
 * whole deploy with both hooks can be watched with kubectl.
 */
public final class Demo implements AutoCloseable {
  public static final String NAMESPACE = "demo";
  public static final String REPOSITORY = "demo/hello";
  public static final String FIRST_VERSION = "v1.0.0";
  public static final String NEWER_VERSION = "v1.1.0";
  public static final String PRE_RELEASE = "v1.2.0-rc.1";
  private static final String EXAMPLE = "hello";

  private final Sandbox sandbox;
  private final DemoRegistry registry;
  private final KubernetesClient operatorClient;
  private final DeployOperator operator;
  private final ScheduledExecutorService timeline;
  private final PrintStream out;

  private Demo(
      Sandbox sandbox,
      DemoRegistry registry,
      KubernetesClient operatorClient,
      DeployOperator operator,
      ScheduledExecutorService timeline,
      PrintStream out) {
    this.out = out;
    this.sandbox = sandbox;
    this.registry = registry;
    this.operatorClient = operatorClient;
    this.operator = operator;
    this.timeline = timeline;
  }

  /**
   * Runs the demo with the default settings until the JVM is asked to stop (Ctrl-C); each line
   * typed in the meantime is a request such as {@code publish v1.3.0}.
   */
  public static void runUntilStopped() throws Exception {
    DemoSettings settings = DemoSettings.defaults();
    Demo demo = start(settings);
    Thread requests =
        new Thread(
            () ->
                new java.io.BufferedReader(
                        new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8))
                    .lines()
                    .filter(line -> !line.isBlank())
                    .forEach(line -> settings.out().println(demo.request(line))),
            "dewy-demo-requests");
    requests.setDaemon(true);
    requests.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  demo.close();
                  stopped.countDown();
                }));
    stopped.await();
  }

  /** Starts everything and schedules the newer versions; the caller closes the demo. */
  public static Demo start(DemoSettings settings) throws IOException {
    PrintStream out = settings.out();
    Sandbox sandbox = SandboxLauncher.start(settings.kubeconfig());
    DemoRegistry registry = null;
    try {
      out.println(
          "dewy demo: sandbox Kubernetes API on "
              + sandbox.url()
              + " (TLS; only holders of its kubeconfig's token get in)");
      out.println(
          "dewy demo: hook Jobs run as processes on this machine, as user "
              + System.getProperty("user.name")
              + ", not in containers");
      registry = settings.registry().get();
      registry.publish(REPOSITORY, FIRST_VERSION);
      registry.publish(REPOSITORY, "latest");
      out.printf(
          "dewy demo: %s holds %s:%s and :latest%n",
          registry.description(), REPOSITORY, FIRST_VERSION);
      applyExample(sandbox.client(), registry.hostPort());
      out.printf(
          "dewy demo: applied examples/00-quickstart.yaml: namespace %s, Deployment hello at %s,"
              + " DewyDeployment hello (interval 2s, before and after hooks)%n",
          NAMESPACE, FIRST_VERSION);
      KubernetesClient operatorClient = Main.newClient(sandbox.clientConfig());
      DeployOperator operator =
          DeployOperator.start(
              operatorClient, Set.of(), null, ChannelSettings.defaults(), Clock.systemUTC());
      Demo demo =
          new Demo(
              sandbox,
              registry,
              operatorClient,
              operator,
              // the scheduled releases, and the waits that report how long each deploy took
              Executors.newScheduledThreadPool(2),
              out);
      demo.scheduleReleases(settings);
      out.printf(
          "dewy demo: operator running; %s is published in %d s%n",
          NEWER_VERSION, settings.publishDelay().toSeconds());
      out.print(DemoGuide.watchCommands(sandbox.kubeconfig()));
      out.print(DemoGuide.tryCommands());
      return demo;
    } catch (RuntimeException e) {
      if (registry != null) {
        registry.close();
      }
      sandbox.close();
      throw e;
    }
  }

  public Path kubeconfig() {
    return sandbox.kubeconfig();
  }

  /** The demo's operator, to ask how often it looked at the example. */
  public DeployOperator operator() {
    return operator;
  }

  public DemoRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    timeline.shutdownNow();
    operator.close();
    operatorClient.close();
    registry.close();
    sandbox.close();
  }

  private static void applyExample(KubernetesClient client, String registryHost) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
    QuickStartExample.apply(client, NAMESPACE, QuickStartExample.forRegistry(registryHost));
  }

  private void scheduleReleases(DemoSettings settings) {
    long delay = settings.publishDelay().toMillis();
    timeline.schedule(
        () -> {
          publish(settings.out(), NEWER_VERSION, "the operator picks it up at its next poll");
          reportDeployed(settings.out(), NEWER_VERSION);
        },
        delay,
        TimeUnit.MILLISECONDS);
    timeline.schedule(
        () ->
            publish(
                settings.out(),
                PRE_RELEASE,
                "a pre-release: ignored unless spec.registry says pre-release=true"),
        delay * 4,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Answers one line typed at the demo: {@code publish VERSION} (or the version alone) publishes
   * that version of the demo image; the answer says what happened or why not.
   */
  public String request(String line) {
    String[] words = line.trim().split("\\s+");
    boolean publish = words[0].equals("publish");
    if ((publish && words.length != 2) || (!publish && words.length != 1)) {
      return "dewy demo: type publish VERSION (for example: publish v1.3.0), or Ctrl-C to stop";
    }
    String tag = words[words.length - 1];
    if (!SemVer.parse(tag).isParsed()) {
      return "dewy demo: "
          + tag
          + " is not a version the example deploys; give a semantic version such as v1.3.0"
          + " (a pre-release such as v1.4.0-rc.1 is published, and ignored by the example)";
    }
    try {
      registry.publish(REPOSITORY, tag);
    } catch (RuntimeException e) {
      return "dewy demo: could not publish " + REPOSITORY + ":" + tag + ": " + e.getMessage();
    }
    timeline.execute(() -> reportDeployed(out, tag));
    return "dewy demo: published " + REPOSITORY + ":" + tag;
  }

  /** Prints how long after its publication the example ran {@code tag}, as measured now. */
  private void reportDeployed(PrintStream out, String tag) {
    Instant published = Instant.now();
    try {
      sandbox
          .client()
          .resources(DewyDeployment.class)
          .inNamespace(NAMESPACE)
          .withName(EXAMPLE)
          .waitUntilCondition(
              dd ->
                  dd != null
                      && dd.getStatus() != null
                      && tag.equals(dd.getStatus().getCurrentVersion()),
              2,
              TimeUnit.MINUTES);
      out.printf(
          Locale.ROOT,
          "dewy demo: hello runs %s:%s, %.1f s after it was published (the poll, both hooks"
              + " and the rollout)%n",
          REPOSITORY,
          tag,
          Duration.between(published, Instant.now()).toMillis() / 1000.0);
    } catch (RuntimeException e) {
      out.printf(
          "dewy demo: hello does not run %s yet; kubectl describe dd hello -n demo says why%n",
          tag);
    }
  }

  private void publish(PrintStream out, String tag, String what) {
    try {
      registry.publish(REPOSITORY, tag);
      out.printf("dewy demo: published %s:%s (%s)%n", REPOSITORY, tag, what);
    } catch (RuntimeException e) {
      out.printf("dewy demo: could not publish %s:%s: %s%n", REPOSITORY, tag, e.getMessage());
    }
  }
}
