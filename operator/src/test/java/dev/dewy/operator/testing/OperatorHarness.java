package dev.dewy.operator.testing;

import dev.dewy.operator.HealthServer;
import dev.dewy.operator.OperatorOptions;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.deploy.DeployOperator;
import dev.dewy.operator.notify.ChannelSettings;
import dev.dewy.operator.notify.DeliveryCounters;
import dev.dewy.sandbox.Kubectl;
import dev.dewy.sandbox.testenv.AuditLog;
import dev.dewy.sandbox.testenv.ControlPlane;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The whole system for integration tests, on the real control plane: a namespace of the test's own,
 * the committed CRD, and the operator running in this JVM as the chart's service account, watching
 * that namespace. The operator can be stopped and a new one started, as after a crash. Closing it
 * fails the test if RBAC refused the operator anything, naming the verb and resource.
 */
public final class OperatorHarness implements AutoCloseable {
  private final ControlPlane plane;
  private final OperatorAccount account;
  private final KubernetesClient client;
  private final String namespace;
  private final ChannelSettings channels;
  private final Integer minReadySeconds;
  private final long auditMark;
  private String leaderNamespace;
  private Duration hookJobTtl = OperatorOptions.DEFAULT_HOOK_JOB_TTL;
  private final List<String> others = new java.util.ArrayList<>();
  private DeployOperator operator;
  private KubernetesClient operatorClient;
  private HealthServer health;
  private HealthServer pushServer;

  private OperatorHarness(
      ControlPlane plane,
      ChannelSettings channels,
      Integer minReadySeconds,
      java.util.function.BiFunction<ControlPlane, String, OperatorAccount> accountFor) {
    this.plane = plane;
    this.client = plane.client();
    this.channels = channels;
    this.minReadySeconds = minReadySeconds;
    this.auditMark = plane.audit().mark();
    Class<?> caller =
        StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
            .walk(
                frames ->
                    frames
                        .map(StackWalker.StackFrame::getDeclaringClass)
                        .filter(c -> c != OperatorHarness.class)
                        .findFirst()
                        .<Class<?>>map(c -> c)
                        .orElse(OperatorHarness.class));
    this.namespace = plane.createNamespace(caller.getSimpleName());
    this.account = accountFor.apply(plane, namespace);
  }

  public static OperatorHarness start(ControlPlane plane) {
    return start(plane, ChannelSettings.defaults());
  }

  /** Starts everything; {@code channels} points Slack at a local server in notification tests. */
  public static OperatorHarness start(ControlPlane plane, ChannelSettings channels) {
    return start(new OperatorHarness(plane, channels, null, (p, ns) -> OperatorAccount.on(p)));
  }

  /**
   * Starts everything with leader election on, as the chart runs the operator: it acts only while
   * it holds the Lease "dewy-operator" in dewy-system.
   */
  public static OperatorHarness startWithLeaderElection(ControlPlane plane) {
    OperatorHarness harness =
        new OperatorHarness(
            plane, ChannelSettings.defaults(), null, (p, ns) -> OperatorAccount.on(p));
    harness.leaderNamespace = OperatorAccount.RELEASE_NAMESPACE;
    return start(harness);
  }

  /** Starts everything with an operator that keeps finished hook Jobs for {@code ttl} only. */
  public static OperatorHarness startWithHookJobTtl(ControlPlane plane, Duration ttl) {
    OperatorHarness harness =
        new OperatorHarness(
            plane, ChannelSettings.defaults(), null, (p, ns) -> OperatorAccount.on(p));
    harness.hookJobTtl = ttl;
    return start(harness);
  }

  /**
   * Starts everything with the chart's namespaced install: the operator's account has Roles in this
   * test's namespace only (values {@code watchNamespaces}), no ClusterRole.
   */
  public static OperatorHarness startNamespaced(ControlPlane plane) {
    return start(
        new OperatorHarness(
            plane,
            ChannelSettings.defaults(),
            null,
            (p, ns) -> OperatorAccount.namespaced(p, "dewy-operator-" + ns, ns)));
  }

  /**
   * Starts everything with Deployments that take {@code rolloutTime} to roll out (their pods count
   * as available only after being Ready that long: {@code minReadySeconds}), to stop the operator
   * mid-way.
   */
  public static OperatorHarness startWithRolloutTime(ControlPlane plane, Duration rolloutTime) {
    return start(
        new OperatorHarness(
            plane,
            ChannelSettings.defaults(),
            (int) rolloutTime.toSeconds(),
            (p, ns) -> OperatorAccount.on(p)));
  }

  private static OperatorHarness start(OperatorHarness harness) {
    harness.startOperator();
    return harness;
  }

  /** Starts an operator; a second call after {@link #stopOperator()} is a restart. */
  public void startOperator() {
    operatorClient = account.newClient();
    operator =
        DeployOperator.start(
            operatorClient,
            Set.of(namespace),
            leaderNamespace,
            channels,
            Clock.systemUTC(),
            hookJobTtl);
  }

  public void stopOperator() {
    if (health != null) {
      health.close();
      health = null;
    }
    if (pushServer != null) {
      pushServer.close();
      pushServer = null;
    }
    operator.close();
    operatorClient.close();
    operator = null;
  }

  /**
   * Serves the push endpoint of the running operator, as the jar does with {@code DEWY_PUSH_SECRET}
   * set, on a free port of 127.0.0.1; returns its base URL, {@code http://127.0.0.1:PORT}.
   */
  public String startPushEndpoint(String secret) {
    try {
      pushServer =
          HealthServer.start(
              "127.0.0.1",
              0,
              () -> true,
              () -> true,
              operator.metrics()::scrape,
              new dev.dewy.operator.push.PushEndpoint(
                  secret, operator.pushes(), operator.metrics().registry()));
      return "http://127.0.0.1:" + pushServer.port();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The running operator's /metrics, fetched over HTTP from the health server that the jar runs
   * (started here on first use, on a free port of 127.0.0.1), and parsed.
   */
  public PrometheusText scrapeMetrics() {
    try {
      if (health == null) {
        health =
            HealthServer.start("127.0.0.1", 0, () -> true, () -> true, operator.metrics()::scrape);
      }
      var response =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create("http://127.0.0.1:" + health.port() + "/metrics"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("/metrics answered " + response.statusCode());
      }
      return PrometheusText.parse(response.body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The running operator's notification counters (a restart starts them from zero). */
  public DeliveryCounters notificationCounters() {
    return operator.notificationCounters();
  }

  public KubernetesClient client() {
    return client;
  }

  public ControlPlane plane() {
    return plane;
  }

  /** The operator's service account, as the chart installs it. */
  public OperatorAccount account() {
    return account;
  }

  /** Where this test's part of the audit log begins. */
  public long auditMark() {
    return auditMark;
  }

  /** The namespace of this test, where its DewyDeployments and workloads live. */
  public String namespace() {
    return namespace;
  }

  /** kubectl, as the admin, in this test's namespace. */
  public Kubectl kubectl() {
    return plane.kubectl().inNamespace(namespace);
  }

  /** A one-replica Deployment whose container {@code app} runs {@code image}. */
  public Deployment deployment(String name, String image) {
    return deployment(namespace, name, image);
  }

  /**
   * A one-replica Deployment in {@code namespace} whose container {@code app} runs {@code image}.
   */
  public Deployment deployment(String namespace, String name, String image) {
    Deployment deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .withNewSpec()
            .withReplicas(1)
            .withMinReadySeconds(minReadySeconds)
            .withNewSelector()
            .addToMatchLabels("app", name)
            .endSelector()
            .withTemplate(template(name, image))
            .endSpec()
            .build();
    return client.resource(deployment).create();
  }

  /** A StatefulSet of two replicas whose container {@code app} runs {@code image}. */
  public StatefulSet statefulSet(String name, String image) {
    return client
        .resource(
            new StatefulSetBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .withServiceName(name)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withTemplate(template(name, image))
                .endSpec()
                .build())
        .create();
  }

  /** A DaemonSet whose container {@code app} runs {@code image} on the node. */
  public DaemonSet daemonSet(String name, String image) {
    return client
        .resource(
            new DaemonSetBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withTemplate(template(name, image))
                .endSpec()
                .build())
        .create();
  }

  /** A pod template labelled {@code app: NAME} with one container {@code app}. */
  public static PodTemplateSpec template(String app, String image) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .addToLabels("app", app)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage(image)
        .endContainer()
        .endSpec()
        .build();
  }

  /**
   * A {@code kubernetes.io/dockerconfigjson} Secret in {@code namespace} holding {@code user} and
   * {@code password} for {@code registry} (host:port).
   */
  public Secret pullSecret(
      String namespace, String name, String registry, String user, String password) {
    String auth =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    String json = "{\"auths\":{\"%s\":{\"auth\":\"%s\"}}}".formatted(registry, auth);
    return client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .addToStringData(".dockerconfigjson", json)
                .build())
        .create();
  }

  /** Creates a DewyDeployment from YAML (namespace defaults to {@link #namespace()}). */
  public DewyDeployment apply(String yaml) {
    DewyDeployment dd = Serialization.unmarshal(yaml, DewyDeployment.class);
    if (dd.getMetadata().getNamespace() == null) {
      dd.getMetadata().setNamespace(namespace);
    }
    return client.resource(dd).create();
  }

  /**
   * Creates another namespace beside {@link #namespace()}, named after {@code hint}; returns it.
   */
  public String otherNamespace(String hint) {
    String name = plane.createNamespace(hint);
    others.add(name);
    return name;
  }

  /** A DewyDeployment named {@code name} to build and create; see {@link Dewy}. */
  public Dewy dewy(String name) {
    return new Dewy(client, namespace, name);
  }

  /**
   * Edits as a person does: when the object changed meanwhile (409: the operator or a controller
   * stand-in wrote status), it reads it again and reapplies {@code change}.
   */
  public static <T extends HasMetadata> T edit(
      io.fabric8.kubernetes.client.dsl.Resource<T> resource, UnaryOperator<T> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        return resource.edit(change);
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
  }

  public DewyDeployment get(String name) {
    return client.resources(DewyDeployment.class).inNamespace(namespace).withName(name).get();
  }

  /**
   * Waits until the operator has ended {@code more} further passes over the DewyDeployment, and
   * returns it as stored then. A pass that finds nothing new writes nothing, so this, not a status
   * field, says that the operator looked again.
   */
  public DewyDeployment awaitPasses(String name, int more, Duration timeout) {
    long start = operator.passes(namespace, name);
    org.awaitility.Awaitility.await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> operator.passes(namespace, name) >= start + more);
    return get(name);
  }

  /** Waits until {@code version} is deployed and the attempt is over: a state that stays put. */
  public DewyDeployment awaitDeployed(String name, String version, Duration timeout) {
    return await(
        name,
        timeout,
        d ->
            version.equals(d.getStatus().getCurrentVersion())
                && d.getStatus().getPhase() == dev.dewy.operator.api.v1alpha1.Phase.Idle);
  }

  /**
   * Waits until the DewyDeployment satisfies {@code condition} and returns it as it was then. The
   * condition is tested on every version the server stores, in order, as a watch delivers them: a
   * poll on a loaded machine can miss a state that the operator's next write replaces (a first
   * failed attempt, say, when the retry after 1 s fails as well before the poll comes round).
   */
  public DewyDeployment await(String name, Duration timeout, Predicate<DewyDeployment> condition) {
    CompletableFuture<DewyDeployment> reached = new CompletableFuture<>();
    Consumer<DewyDeployment> test =
        dd -> {
          try {
            if (dd.getStatus() != null && condition.test(dd)) {
              reached.complete(dd);
            }
          } catch (RuntimeException e) {
            reached.completeExceptionally(e);
          }
        };
    try (SharedIndexInformer<DewyDeployment> informer =
        client
            .resources(DewyDeployment.class)
            .inNamespace(namespace)
            .withName(name)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(DewyDeployment dd) {
                    test.accept(dd);
                  }

                  @Override
                  public void onUpdate(DewyDeployment old, DewyDeployment dd) {
                    test.accept(dd);
                  }

                  @Override
                  public void onDelete(DewyDeployment dd, boolean finalStateUnknown) {}
                })) {
      return reached.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      DewyDeployment now = get(name);
      throw new AssertionError(
          "DewyDeployment "
              + name
              + " did not meet the condition within "
              + timeout
              + "; its status now: "
              + (now == null ? "(deleted)" : Serialization.asYaml(now.getStatus())));
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Deployment workload(String name) {
    return client.apps().deployments().inNamespace(namespace).withName(name).get();
  }

  /** The image of the first container in the Deployment's pod template. */
  public String image(String deployment) {
    return templateImage(workload(deployment));
  }

  /** The image of the first container in {@code deployment}'s pod template. */
  public static String templateImage(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  public List<Job> hookJobs(String deployment) {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(namespace)
        .withLabel("dewy.dev/deployment", deployment)
        .list()
        .getItems();
  }

  /**
   * The DewyDeployment's events once {@code until} holds for them. An Event follows the status
   * write it reports, so a test that has just seen that status through {@link #await} can be ahead
   * of it.
   */
  public List<Event> awaitEvents(String deployment, Predicate<List<Event>> until) {
    return org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> events(deployment), until);
  }

  /** The DewyDeployment's events once there is one of each reason. */
  public List<Event> awaitEvents(String deployment, String... reasons) {
    return awaitEvents(
        deployment,
        events -> events.stream().map(Event::getReason).toList().containsAll(List.of(reasons)));
  }

  public List<Event> events(String deployment) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> "DewyDeployment".equals(e.getInvolvedObject().getKind()))
        .filter(e -> deployment.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  /**
   * Stops the operator and deletes the test's namespaces; fails when RBAC refused the operator
   * anything meanwhile, since a real install would have failed the same way.
   */
  @Override
  public void close() {
    if (operator != null) {
      stopOperator();
    }
    plane.deleteNamespace(namespace);
    others.forEach(plane::deleteNamespace);
    List<AuditLog.Request> refused = plane.audit().forbidden(auditMark, account.user());
    if (!refused.isEmpty()) {
      throw new AssertionError(
          "RBAC refused the operator (the chart's ClusterRole does not allow): "
              + refused.stream().map(AuditLog.Request::toString).distinct().toList());
    }
  }
}
