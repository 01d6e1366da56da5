package dev.dewy.operator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dewy.operator.api.v1alpha1.Condition;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.notify.RecordingHttpServer;
import dev.dewy.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the flow ITs look at and build beyond {@link OperatorHarness}: the Ready condition, a
 * workload's pod template as JSON, hook Jobs of one kind, and targets of every kind.
 */
final class FlowFixtures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FlowFixtures() {}

  /** The first webhook notification of {@code type} that {@code receiver} got, parsed. */
  static JsonNode awaitNotification(RecordingHttpServer receiver, String type, Duration timeout) {
    return org.awaitility.Awaitility.await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                receiver.requests().stream()
                    .map(r -> parse(r.bodyText()))
                    .filter(n -> type.equals(n.path("type").asText()))
                    .findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Waits until the DewyDeployments PREFIX0 .. PREFIX(count-1) all see {@code version}. */
  static void awaitLatestVersion(
      OperatorHarness harness, String prefix, int count, String version) {
    for (int i = 0; i < count; i++) {
      harness.await(
          prefix + i,
          Duration.ofSeconds(60),
          d -> version.equals(d.getStatus().getLatestVersion()));
    }
  }

  static Optional<Condition> condition(DewyDeployment dd, String type) {
    return dd.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
  }

  static Condition ready(DewyDeployment dd) {
    return condition(dd, "Ready").orElseThrow(() -> new AssertionError("no Ready condition"));
  }

  static boolean readyReason(DewyDeployment dd, String reason) {
    return condition(dd, "Ready").map(c -> reason.equals(c.getReason())).orElse(false);
  }

  /** The pod template of the target, serialised, to compare byte for byte. */
  static String templateJson(OperatorHarness harness, String kind, String name) {
    KubernetesClient client = harness.client();
    PodTemplateSpec template =
        switch (kind) {
          case "StatefulSet" ->
              client
                  .apps()
                  .statefulSets()
                  .inNamespace(harness.namespace())
                  .withName(name)
                  .get()
                  .getSpec()
                  .getTemplate();
          case "DaemonSet" ->
              client
                  .apps()
                  .daemonSets()
                  .inNamespace(harness.namespace())
                  .withName(name)
                  .get()
                  .getSpec()
                  .getTemplate();
          default ->
              client
                  .apps()
                  .deployments()
                  .inNamespace(harness.namespace())
                  .withName(name)
                  .get()
                  .getSpec()
                  .getTemplate();
        };
    return Serialization.asJson(template);
  }

  static List<Job> hookJobs(OperatorHarness harness, String deployment, String hook) {
    return harness.hookJobs(deployment).stream()
        .filter(j -> hook.equals(j.getMetadata().getLabels().get("dewy.dev/hook")))
        .toList();
  }

  /**
   * The Warning events of {@code reason}, once there is one: an Event follows the status write it
   * reports, so a test that has just seen the status may be ahead of it. Empty after a minute.
   */
  static List<Event> warnings(OperatorHarness harness, String deployment, String reason) {
    java.util.function.Predicate<Event> warning =
        e -> "Warning".equals(e.getType()) && reason.equals(e.getReason());
    try {
      return harness.awaitEvents(deployment, events -> events.stream().anyMatch(warning)).stream()
          .filter(warning)
          .toList();
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      return List.of();
    }
  }

  static PodTemplateSpec template(String app, String image) {
    return OperatorHarness.template(app, image);
  }

  /** A one-replica Deployment that gives up on a rollout after {@code deadlineSeconds}. */
  static void deploymentWithDeadline(
      OperatorHarness harness, String name, String image, int deadlineSeconds) {
    deployment(harness, name, 1, template(name, image), deadlineSeconds);
  }

  /** A Deployment of {@code template}; a null deadline leaves the server's default. */
  static void deployment(
      OperatorHarness harness,
      String name,
      int replicas,
      PodTemplateSpec template,
      Integer deadlineSeconds) {
    harness
        .client()
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(harness.namespace())
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withProgressDeadlineSeconds(deadlineSeconds)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withTemplate(template)
                .endSpec()
                .build())
        .create();
  }
}
