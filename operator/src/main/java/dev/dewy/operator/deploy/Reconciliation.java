package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.DewyDeploymentStatus;
import dev.dewy.operator.api.v1alpha1.RolloutState;
import io.fabric8.kubernetes.api.model.Container;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.time.Instant;

/**
 * One pass of the state machine over one DewyDeployment: the resource as last written, its status
 * being built, and what was learned on the way (checked spec, target, container).
 */
final class Reconciliation {
  private DewyDeployment dd;
  private final Context<DewyDeployment> context;
  private final Instant now;
  CheckedSpec spec;
  Workload workload;
  Container container;

  Reconciliation(DewyDeployment dd, Context<DewyDeployment> context, Instant now) {
    this.dd = dd;
    this.context = context;
    this.now = now;
    if (dd.getStatus() == null) {
      dd.setStatus(new DewyDeploymentStatus());
    }
  }

  DewyDeployment resource() {
    return dd;
  }

  DewyDeploymentStatus status() {
    return dd.getStatus();
  }

  RolloutState rollout() {
    return dd.getStatus().getRollout();
  }

  Context<DewyDeployment> context() {
    return context;
  }

  Instant now() {
    return now;
  }

  String namespace() {
    return dd.getMetadata().getNamespace();
  }

  String name() {
    return dd.getMetadata().getName();
  }

  Long generation() {
    return dd.getMetadata().getGeneration();
  }

  /**
   * Writes the status now, with optimistic locking, before the step that follows acts: this is what
   * lets a restarted operator resume instead of repeating the step.
   */
  void save() {
    dd.getStatus().setObservedGeneration(dd.getMetadata().getGeneration());
    var status = dd.getStatus();
    dd =
        PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(
            dd,
            context,
            fresh -> {
              fresh.setStatus(status);
              return fresh;
            });
  }
}
