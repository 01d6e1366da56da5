package dev.dewy.sandbox.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** What differs between Deployments, StatefulSets and DaemonSets in the rollout stand-in. */
interface RolloutKind<T extends HasMetadata> {

  /** The stages a rollout status goes through. */
  enum Stage {
    /** New pods are being started; for an unpullable image this never ends. */
    PROGRESSING,
    /** Every replica runs the new template and is available. */
    COMPLETE,
    /** A Deployment stuck longer than its progressDeadlineSeconds. */
    DEADLINE_EXCEEDED
  }

  Class<T> type();

  Long observedGeneration(T workload);

  PodTemplateSpec template(T workload);

  /** How long a stuck rollout may progress before it is reported as failed, if the kind says. */
  default Optional<Duration> progressDeadline(T workload) {
    return Optional.empty();
  }

  /**
   * What the controller changes besides the workload's status at {@code stage}, before the status
   * is written (a Deployment's ReplicaSets); nothing by default.
   */
  default void sync(
      io.fabric8.kubernetes.client.KubernetesClient client,
      T workload,
      Stage stage,
      String templateHash) {}

  /** Sets {@code workload}'s status to what the real controller shows at {@code stage}. */
  void setStatus(T workload, Stage stage, String templateHash, Instant now);
}
