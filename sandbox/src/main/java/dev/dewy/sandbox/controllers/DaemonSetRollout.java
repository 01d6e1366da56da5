package dev.dewy.sandbox.controllers;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import java.time.Instant;

/** DaemonSet status on a pretend cluster of {@code nodes} nodes, one node updated at a time. */
final class DaemonSetRollout implements RolloutKind<DaemonSet> {

  private final int nodes;

  DaemonSetRollout(int nodes) {
    this.nodes = nodes;
  }

  @Override
  public Class<DaemonSet> type() {
    return DaemonSet.class;
  }

  @Override
  public Long observedGeneration(DaemonSet d) {
    return d.getStatus() == null ? null : d.getStatus().getObservedGeneration();
  }

  @Override
  public PodTemplateSpec template(DaemonSet d) {
    return d.getSpec().getTemplate();
  }

  @Override
  public void setStatus(DaemonSet d, Stage stage, String hash, Instant now) {
    DaemonSetStatus old = d.getStatus() == null ? new DaemonSetStatus() : d.getStatus();
    DaemonSetStatus status = new DaemonSetStatus();
    status.setObservedGeneration(d.getMetadata().getGeneration());
    status.setDesiredNumberScheduled(nodes);
    status.setCurrentNumberScheduled(nodes);
    status.setNumberMisscheduled(0);
    int ready;
    if (stage == Stage.COMPLETE) {
      ready = nodes;
      status.setUpdatedNumberScheduled(nodes);
    } else {
      boolean fresh = old.getNumberAvailable() == null || old.getNumberAvailable() == 0;
      ready = fresh ? 0 : Math.max(0, nodes - 1);
      status.setUpdatedNumberScheduled(fresh ? nodes : Math.min(1, nodes));
    }
    status.setNumberReady(ready);
    status.setNumberAvailable(ready);
    status.setNumberUnavailable(nodes - ready);
    d.setStatus(status);
  }
}
