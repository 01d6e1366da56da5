package dev.dewy.sandbox.controllers;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Deployment status as the deployment controller leaves it at each stage of a rollout. */
final class DeploymentRollout implements RolloutKind<Deployment> {

  private static final int DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

  @Override
  public Class<Deployment> type() {
    return Deployment.class;
  }

  @Override
  public Long observedGeneration(Deployment d) {
    return d.getStatus() == null ? null : d.getStatus().getObservedGeneration();
  }

  @Override
  public PodTemplateSpec template(Deployment d) {
    return d.getSpec().getTemplate();
  }

  @Override
  public Optional<Duration> progressDeadline(Deployment d) {
    Integer seconds = d.getSpec().getProgressDeadlineSeconds();
    return Optional.of(
        Duration.ofSeconds(seconds == null ? DEFAULT_PROGRESS_DEADLINE_SECONDS : seconds));
  }

  @Override
  public void sync(
      io.fabric8.kubernetes.client.KubernetesClient client,
      Deployment d,
      Stage stage,
      String hash) {
    if (stage != Stage.DEADLINE_EXCEEDED) {
      DeploymentReplicaSets.sync(client, d, stage, hash);
    }
  }

  @Override
  public void setStatus(Deployment d, Stage stage, String hash, Instant now) {
    DeploymentStatus old = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
    int replicas = Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
    String replicaSet = "ReplicaSet \"" + d.getMetadata().getName() + "-" + hash + "\"";
    DeploymentStatus status = new DeploymentStatus();
    status.setObservedGeneration(d.getMetadata().getGeneration());
    int available;
    if (stage == Stage.COMPLETE) {
      available = replicas;
      status.setReplicas(replicas);
      status.setUpdatedReplicas(replicas);
      status.setReadyReplicas(replicas);
    } else {
      // old pods keep serving while one surge pod of the new template starts
      int serving = Math.min(Objects.requireNonNullElse(old.getAvailableReplicas(), 0), replicas);
      int updated = serving == 0 ? replicas : Math.min(1, replicas);
      available = serving;
      status.setReplicas(serving == 0 ? replicas : replicas + updated);
      status.setUpdatedReplicas(updated);
      status.setReadyReplicas(serving);
    }
    status.setAvailableReplicas(available);
    status.setUnavailableReplicas(Math.max(0, status.getReplicas() - available));
    boolean isAvailable = available >= replicas;
    DeploymentCondition availability =
        condition(
            old,
            "Available",
            isAvailable,
            isAvailable ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
            isAvailable
                ? "Deployment has minimum availability."
                : "Deployment does not have minimum availability.",
            now);
    DeploymentCondition progressing =
        switch (stage) {
          case COMPLETE ->
              condition(
                  old,
                  "Progressing",
                  true,
                  "NewReplicaSetAvailable",
                  replicaSet + " has successfully progressed.",
                  now);
          case PROGRESSING ->
              condition(
                  old,
                  "Progressing",
                  true,
                  "ReplicaSetUpdated",
                  replicaSet + " is progressing.",
                  now);
          case DEADLINE_EXCEEDED ->
              condition(
                  old,
                  "Progressing",
                  false,
                  "ProgressDeadlineExceeded",
                  replicaSet + " has timed out progressing.",
                  now);
        };
    status.setConditions(List.of(availability, progressing));
    d.setStatus(status);
  }

  private static DeploymentCondition condition(
      DeploymentStatus old,
      String type,
      boolean value,
      String reason,
      String message,
      Instant now) {
    String status = value ? "True" : "False";
    String time = JobProgress.timestamp(now);
    String transition =
        old.getConditions() == null
            ? time
            : old.getConditions().stream()
                .filter(c -> type.equals(c.getType()) && status.equals(c.getStatus()))
                .map(DeploymentCondition::getLastTransitionTime)
                .findFirst()
                .orElse(time);
    return new DeploymentConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withLastUpdateTime(time)
        .withLastTransitionTime(transition)
        .build();
  }
}
