package dev.dewy.sandbox.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RolloutControllerTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String NS = "apps";

  @TempDir Path workRoot;
  private SandboxCluster api;

  @BeforeEach
  void startApi() {
    api = new SandboxCluster(SandboxCluster.fast(workRoot).withNodes(3), NS);
  }

  @AfterEach
  void stopApi() {
    api.close();
  }

  @Test
  void deploymentFinishesRolloutAfterItsImageChanges() {
    api.client.resource(deployment("web", "nginx:1.25", 3, null)).create();
    awaitDeployment("web", d -> rolledOut(d, 1));

    changeImage("web", "nginx:1.26");

    Deployment done = awaitDeployment("web", d -> rolledOut(d, 2));
    var status = done.getStatus();
    assertThat(status.getReplicas()).isEqualTo(3);
    assertThat(status.getUpdatedReplicas()).isEqualTo(3);
    assertThat(status.getReadyReplicas()).isEqualTo(3);
    assertThat(status.getAvailableReplicas()).isEqualTo(3);
    assertThat(status.getUnavailableReplicas()).as("omitempty: a zero is not stored").isNull();
    assertThat(condition(done, "Available").getReason()).isEqualTo("MinimumReplicasAvailable");
    assertThat(condition(done, "Progressing").getStatus()).isEqualTo("True");
    assertThat(condition(done, "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
  }

  @Test
  void newDeploymentShowsRolloutInProgressUntilTheDelayHasPassed() {
    try (SandboxCluster slow =
        new SandboxCluster(
            SandboxCluster.fast(workRoot).withRolloutDelay(Duration.ofMinutes(5)), NS)) {
      slow.client.resource(deployment("web", "nginx:1.25", 2, null)).create();

      Deployment progressing =
          await()
              .atMost(PATIENCE)
              .until(
                  () -> slow.client.apps().deployments().inNamespace(NS).withName("web").get(),
                  d ->
                      d.getStatus() != null
                          && Objects.equals(d.getStatus().getObservedGeneration(), 1L));

      assertThat(progressing.getStatus().getUpdatedReplicas()).isEqualTo(2);
      assertThat(progressing.getStatus().getAvailableReplicas())
          .as("omitempty: a zero is not stored")
          .isNull();
      assertThat(progressing.getStatus().getUnavailableReplicas()).isEqualTo(2);
      assertThat(condition(progressing, "Progressing").getReason()).isEqualTo("ReplicaSetUpdated");
      assertThat(condition(progressing, "Available").getStatus()).isEqualTo("False");
    }
  }

  @Test
  void changeToAnUnpullableImageNeverFinishesAndExceedsTheProgressDeadline() {
    api.client.resource(deployment("stuck", "app:1.0", 2, 2)).create();
    awaitDeployment("stuck", d -> rolledOut(d, 1));

    changeImage("stuck", "app:2.0-unpullable");

    Deployment stuck = awaitProgressDeadlineExceeded("stuck");
    assertThat(condition(stuck, "Progressing").getReason()).isEqualTo("ProgressDeadlineExceeded");
    assertThat(condition(stuck, "Progressing").getMessage())
        .startsWith("ReplicaSet \"stuck-")
        .endsWith("has timed out progressing.");
    assertThat(stuck.getStatus().getObservedGeneration()).isEqualTo(2L);
    assertThat(stuck.getStatus().getUpdatedReplicas()).isEqualTo(1);
    assertThat(stuck.getStatus().getAvailableReplicas()).isEqualTo(2);
    assertThat(stuck.getStatus().getUnavailableReplicas()).isEqualTo(1);
    assertThat(condition(stuck, "Available").getStatus()).isEqualTo("True");
  }

  @Test
  void unpullableInitContainerImageAlsoBlocksTheRollout() {
    Deployment withInit =
        new DeploymentBuilder(deployment("init", "app:1.0", 1, 1))
            .editSpec()
            .editTemplate()
            .editSpec()
            .addNewInitContainer()
            .withName("migrate")
            .withImage("migrate:1.0-unpullable")
            .endInitContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    api.client.resource(withInit).create();

    Deployment stuck = awaitProgressDeadlineExceeded("init");

    assertThat(stuck.getStatus().getAvailableReplicas())
        .as("omitempty: a zero is not stored")
        .isNull();
    assertThat(stuck.getStatus().getUnavailableReplicas()).isEqualTo(1);
    assertThat(condition(stuck, "Available").getStatus()).isEqualTo("False");
  }

  @Test
  void statefulSetRolloutEndsWithCurrentRevisionEqualToUpdateRevision() {
    api.client
        .resource(
            new StatefulSetBuilder()
                .withNewMetadata()
                .withName("db")
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .withServiceName("db")
                .withTemplate(template("postgres:16"))
                .endSpec()
                .build())
        .create();
    awaitStatefulSet(1);
    String firstRevision =
        api.client
            .apps()
            .statefulSets()
            .inNamespace(NS)
            .withName("db")
            .get()
            .getStatus()
            .getUpdateRevision();

    api.client
        .apps()
        .statefulSets()
        .inNamespace(NS)
        .withName("db")
        .edit(
            s ->
                new StatefulSetBuilder(s)
                    .editSpec()
                    .withTemplate(template("postgres:17"))
                    .endSpec()
                    .build());

    StatefulSet done = awaitStatefulSet(2);
    var status = done.getStatus();
    assertThat(status.getUpdateRevision()).matches("db-[a-z0-9]{10}").isNotEqualTo(firstRevision);
    assertThat(status.getCurrentRevision()).isEqualTo(status.getUpdateRevision());
    assertThat(status.getReplicas()).isEqualTo(2);
    assertThat(status.getReadyReplicas()).isEqualTo(2);
    assertThat(status.getCurrentReplicas()).isEqualTo(2);
    assertThat(status.getUpdatedReplicas()).isEqualTo(2);
    assertThat(status.getAvailableReplicas()).isEqualTo(2);
  }

  @Test
  void daemonSetRolloutSchedulesOnEveryPretendNode() {
    api.client
        .resource(
            new DaemonSetBuilder()
                .withNewMetadata()
                .withName("agent")
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withTemplate(template("agent:1"))
                .endSpec()
                .build())
        .create();

    DaemonSet done =
        await()
            .atMost(PATIENCE)
            .until(
                () -> api.client.apps().daemonSets().inNamespace(NS).withName("agent").get(),
                d ->
                    d.getStatus() != null && Objects.equals(d.getStatus().getNumberAvailable(), 3));

    var status = done.getStatus();
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
    assertThat(status.getDesiredNumberScheduled()).isEqualTo(3);
    assertThat(status.getCurrentNumberScheduled()).isEqualTo(3);
    assertThat(status.getUpdatedNumberScheduled()).isEqualTo(3);
    assertThat(status.getNumberReady()).isEqualTo(3);
  }

  private StatefulSet awaitStatefulSet(long generation) {
    return await()
        .atMost(PATIENCE)
        .until(
            () -> api.client.apps().statefulSets().inNamespace(NS).withName("db").get(),
            s ->
                s.getStatus() != null
                    && Objects.equals(s.getStatus().getObservedGeneration(), generation)
                    && Objects.equals(
                        s.getStatus().getCurrentRevision(), s.getStatus().getUpdateRevision())
                    && Objects.equals(s.getStatus().getReadyReplicas(), 2));
  }

  private Deployment awaitDeployment(String name, java.util.function.Predicate<Deployment> done) {
    return await()
        .atMost(PATIENCE)
        .until(() -> api.client.apps().deployments().inNamespace(NS).withName(name).get(), done);
  }

  private void changeImage(String deployment, String image) {
    api.client
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName(deployment)
        .edit(
            d ->
                new DeploymentBuilder(d)
                    .editSpec()
                    .editTemplate()
                    .editSpec()
                    .editFirstContainer()
                    .withImage(image)
                    .endContainer()
                    .endSpec()
                    .endTemplate()
                    .endSpec()
                    .build());
  }

  private Deployment awaitProgressDeadlineExceeded(String name) {
    return awaitDeployment(
        name,
        d ->
            d.getStatus() != null
                && d.getStatus().getConditions() != null
                && "False".equals(condition(d, "Progressing").getStatus()));
  }

  private static boolean rolledOut(Deployment d, long generation) {
    return d.getStatus() != null
        && Objects.equals(d.getStatus().getObservedGeneration(), generation)
        && Objects.equals(d.getStatus().getAvailableReplicas(), d.getSpec().getReplicas())
        && Objects.equals(d.getStatus().getUpdatedReplicas(), d.getSpec().getReplicas());
  }

  private static DeploymentCondition condition(Deployment d, String type) {
    return d.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }

  private static Deployment deployment(String name, String image, int replicas, Integer deadline) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withProgressDeadlineSeconds(deadline)
        .withTemplate(template(image))
        .endSpec()
        .build();
  }

  private static PodTemplateSpec template(String image) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .addToLabels("app", "x")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage(image)
        .endContainer()
        .endSpec()
        .build();
  }
}
