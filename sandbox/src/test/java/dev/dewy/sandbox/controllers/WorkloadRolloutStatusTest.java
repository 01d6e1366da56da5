package dev.dewy.sandbox.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WorkloadRolloutStatusTest {

  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

  @Test
  void deploymentChangingImageKeepsOldPodsServingWhileOneNewPodStarts() {
    Deployment d =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("web")
            .withGeneration(2L)
            .endMetadata()
            .withNewSpec()
            .withReplicas(3)
            .endSpec()
            .withNewStatus()
            .withObservedGeneration(1L)
            .withAvailableReplicas(3)
            .endStatus()
            .build();

    new DeploymentRollout().setStatus(d, RolloutKind.Stage.PROGRESSING, "abc", NOW);

    var status = d.getStatus();
    assertThat(status.getObservedGeneration()).isEqualTo(2L);
    assertThat(status.getUpdatedReplicas()).isEqualTo(1).isLessThan(status.getReplicas());
    assertThat(status.getAvailableReplicas()).isEqualTo(3);
    assertThat(status.getConditions())
        .extracting(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
        .containsExactly(
            "Available=True/MinimumReplicasAvailable", "Progressing=True/ReplicaSetUpdated");
  }

  @Test
  void statefulSetMidRolloutStillReportsTheOldRevisionAsCurrent() {
    StatefulSet s =
        new StatefulSetBuilder()
            .withNewMetadata()
            .withName("db")
            .withGeneration(2L)
            .endMetadata()
            .withNewSpec()
            .withReplicas(3)
            .endSpec()
            .withNewStatus()
            .withCurrentRevision("db-old")
            .endStatus()
            .build();

    new StatefulSetRollout().setStatus(s, RolloutKind.Stage.PROGRESSING, "new", NOW);

    assertThat(s.getStatus().getCurrentRevision()).isEqualTo("db-old");
    assertThat(s.getStatus().getUpdateRevision()).isEqualTo("db-new");
    assertThat(s.getStatus().getReadyReplicas()).isEqualTo(2);
    assertThat(s.getStatus().getUpdatedReplicas()).isEqualTo(1);
  }

  @Test
  void daemonSetMidRolloutHasOneNodeUnavailable() {
    DaemonSet d =
        new DaemonSetBuilder()
            .withNewMetadata()
            .withName("agent")
            .withGeneration(2L)
            .endMetadata()
            .withNewSpec()
            .endSpec()
            .withNewStatus()
            .withNumberAvailable(4)
            .endStatus()
            .build();

    new DaemonSetRollout(4).setStatus(d, RolloutKind.Stage.PROGRESSING, "h", NOW);

    assertThat(d.getStatus().getNumberReady()).isEqualTo(3);
    assertThat(d.getStatus().getNumberUnavailable()).isEqualTo(1);
    assertThat(d.getStatus().getUpdatedNumberScheduled()).isEqualTo(1);
  }
}
