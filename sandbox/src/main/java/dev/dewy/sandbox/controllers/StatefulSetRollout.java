package dev.dewy.sandbox.controllers;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.time.Instant;
import java.util.Objects;

/** StatefulSet status as the controller leaves it while rolling pods from the top ordinal. */
final class StatefulSetRollout implements RolloutKind<StatefulSet> {

  @Override
  public Class<StatefulSet> type() {
    return StatefulSet.class;
  }

  @Override
  public Long observedGeneration(StatefulSet s) {
    return s.getStatus() == null ? null : s.getStatus().getObservedGeneration();
  }

  @Override
  public PodTemplateSpec template(StatefulSet s) {
    return s.getSpec().getTemplate();
  }

  @Override
  public void setStatus(StatefulSet s, Stage stage, String hash, Instant now) {
    StatefulSetStatus old = s.getStatus() == null ? new StatefulSetStatus() : s.getStatus();
    int replicas = Objects.requireNonNullElse(s.getSpec().getReplicas(), 1);
    String revision = s.getMetadata().getName() + "-" + hash;
    StatefulSetStatus status = new StatefulSetStatus();
    status.setObservedGeneration(s.getMetadata().getGeneration());
    status.setReplicas(replicas);
    status.setUpdateRevision(revision);
    status.setCollisionCount(0);
    if (stage == Stage.COMPLETE) {
      status.setReadyReplicas(replicas);
      status.setAvailableReplicas(replicas);
      status.setCurrentReplicas(replicas);
      status.setUpdatedReplicas(replicas);
      status.setCurrentRevision(revision);
    } else {
      // the highest ordinal is replaced first and is not ready yet
      boolean fresh = old.getCurrentRevision() == null;
      int serving = fresh ? 0 : Math.max(0, replicas - 1);
      status.setReadyReplicas(serving);
      status.setAvailableReplicas(serving);
      status.setCurrentReplicas(serving);
      status.setUpdatedReplicas(fresh ? 0 : Math.min(1, replicas));
      status.setCurrentRevision(fresh ? revision : old.getCurrentRevision());
    }
    s.setStatus(status);
  }
}
