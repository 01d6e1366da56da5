package dev.dewy.operator.testing;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.deploy.DeployOperator;
import dev.dewy.operator.notify.ChannelSettings;
import dev.dewy.operator.notify.DeliveryCounters;
import dev.dewy.sandbox.Sandbox;
import dev.dewy.sandbox.SandboxOptions;
import dev.dewy.sandbox.controllers.ControllerOptions;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The whole system for integration tests: a sandbox with its Job and rollout stand-ins, the
 * committed CRD, a namespace, and the operator running against it; the operator can be stopped and
 * a new one started on the same API, as after a crash.
 */
public final class OperatorHarness implements AutoCloseable {
  public static final String NAMESPACE = "shop";
  static final Path CRD = Path.of("../crds/dewydeployments.dewy.dev-v1.yml");

  private final Sandbox sandbox;
  private final KubernetesClient client;
  private final ChannelSettings channels;
  private DeployOperator operator;
  private KubernetesClient operatorClient;

  private OperatorHarness(Sandbox sandbox, ChannelSettings channels) {
    this.sandbox = sandbox;
    this.client = sandbox.client();
    this.channels = channels;
  }

  public static OperatorHarness start() {
    return start(ChannelSettings.defaults());
  }

  /** Starts everything; {@code channels} points Slack at a local server in notification tests. */
  public static OperatorHarness start(ChannelSettings channels) {
    return start(channels, Duration.ofMillis(300));
  }

  /**
   * Starts everything with rollouts that take {@code rolloutDelay}, to stop the operator mid-way.
   */
  public static OperatorHarness startWithRolloutDelay(Duration rolloutDelay) {
    return start(ChannelSettings.defaults(), rolloutDelay);
  }

  private static OperatorHarness start(ChannelSettings channels, Duration rolloutDelay) {
    ControllerOptions controllers =
        ControllerOptions.defaults()
            .withRolloutDelay(rolloutDelay)
            .withJobBackoff(Duration.ofMillis(200));
    Sandbox sandbox = Sandbox.start(SandboxOptions.cluster(controllers));
    OperatorHarness harness = new OperatorHarness(sandbox, channels);
    harness.installCrd();
    harness
        .client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
    harness.startOperator();
    return harness;
  }

  private void installCrd() {
    try {
      CustomResourceDefinition crd =
          Serialization.unmarshal(Files.readString(CRD), CustomResourceDefinition.class);
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + CRD.toAbsolutePath(), e);
    }
  }

  /** Starts an operator; a second call after {@link #stopOperator()} is a restart. */
  public void startOperator() {
    operatorClient = sandbox.newClient();
    operator = DeployOperator.start(operatorClient, Set.of(), null, channels, Clock.systemUTC());
  }

  public void stopOperator() {
    operator.close();
    operatorClient.close();
    operator = null;
  }

  /** The running operator's notification counters (a restart starts them from zero). */
  public DeliveryCounters notificationCounters() {
    return operator.notificationCounters();
  }

  public KubernetesClient client() {
    return client;
  }

  public Sandbox sandbox() {
    return sandbox;
  }

  /** A one-replica Deployment whose container {@code app} runs {@code image}. */
  public Deployment deployment(String name, String image) {
    return deployment(NAMESPACE, name, image);
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
            .withNewSelector()
            .addToMatchLabels("app", name)
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", name)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("app")
            .withImage(image)
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    return client.resource(deployment).create();
  }

  /** Creates a DewyDeployment from YAML (namespace defaults to {@link #NAMESPACE}). */
  public DewyDeployment apply(String yaml) {
    DewyDeployment dd = Serialization.unmarshal(yaml, DewyDeployment.class);
    if (dd.getMetadata().getNamespace() == null) {
      dd.getMetadata().setNamespace(NAMESPACE);
    }
    return client.resource(dd).create();
  }

  /** Creates namespace {@code name}, beside {@link #NAMESPACE}. */
  public void namespace(String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  /**
   * Creates the DewyDeployment {@code name} for the {@code kind} of the same name, polling {@code
   * registryUrl} every second; {@code extraSpec} is YAML for further spec fields.
   */
  public DewyDeployment applyDewy(String name, String kind, String registryUrl, String extraSpec) {
    return apply(
        """
        apiVersion: dewy.dev/v1alpha1
        kind: DewyDeployment
        metadata: {name: %s}
        spec:
          registry: %s
          interval: 1s
          target: {kind: %s, name: %s}
        %s"""
            .formatted(name, registryUrl, kind, name, extraSpec.indent(2)));
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
    return client.resources(DewyDeployment.class).inNamespace(NAMESPACE).withName(name).get();
  }

  /** Waits until the DewyDeployment satisfies {@code condition}; returns it. */
  public DewyDeployment await(String name, Duration timeout, Predicate<DewyDeployment> condition) {
    return org.awaitility.Awaitility.await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> get(name), dd -> dd != null && dd.getStatus() != null && condition.test(dd));
  }

  public Deployment workload(String name) {
    return client.apps().deployments().inNamespace(NAMESPACE).withName(name).get();
  }

  public List<Job> hookJobs(String deployment) {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(NAMESPACE)
        .withLabel("dewy.dev/deployment", deployment)
        .list()
        .getItems();
  }

  public List<Event> events(String deployment) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> deployment.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  @Override
  public void close() {
    if (operator != null) {
      stopOperator();
    }
    sandbox.close();
  }
}
