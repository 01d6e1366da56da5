package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each row is a case from kubectl's rollout_status.go, with kubectl's own message. */
class RolloutStatusTest {

  static Deployment deployment(
      long generation,
      long observed,
      Integer replicas,
      int statusReplicas,
      int updated,
      int available,
      String progressingReason) {
    var builder =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("myapp")
            .withGeneration(generation)
            .endMetadata()
            .withNewSpec()
            .withReplicas(replicas)
            .endSpec()
            .withNewStatus()
            .withObservedGeneration(observed)
            .withReplicas(statusReplicas)
            .withUpdatedReplicas(updated)
            .withAvailableReplicas(available);
    if (!progressingReason.isEmpty()) {
      builder =
          builder
              .addNewCondition()
              .withType("Progressing")
              .withStatus("False")
              .withReason(progressingReason)
              .endCondition();
    }
    return builder.endStatus().build();
  }

  @ParameterizedTest(name = "{7}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      2 | 1 | 3 | 3 | 3 | 3 | ''                       | InProgress: Waiting for deployment spec update to be observed...
      2 | 2 | 3 | 3 | 3 | 3 | ProgressDeadlineExceeded | Failed: deployment "myapp" exceeded its progress deadline
      2 | 2 | 3 | 3 | 1 | 1 | ''                       | InProgress: Waiting for deployment "myapp" rollout to finish: 1 out of 3 new replicas have been updated...
      2 | 2 | 3 | 5 | 3 | 3 | ''                       | InProgress: Waiting for deployment "myapp" rollout to finish: 2 old replicas are pending termination...
      2 | 2 | 3 | 3 | 3 | 1 | ''                       | InProgress: Waiting for deployment "myapp" rollout to finish: 1 of 3 updated replicas are available...
      2 | 2 | 3 | 3 | 3 | 3 | ''                       | Complete: deployment "myapp" successfully rolled out
      2 | 3 | 3 | 3 | 3 | 3 | NewReplicaSetAvailable   | Complete: deployment "myapp" successfully rolled out
      1 | 1 | 0 | 0 | 0 | 0 | ''                       | Complete: deployment "myapp" successfully rolled out
      """)
  void givenDeploymentStatusThenJudgedAsKubectlDoes(
      long generation,
      long observed,
      int replicas,
      int statusReplicas,
      int updated,
      int available,
      String reason,
      String expected) {
    RolloutStatus status =
        RolloutStatus.of(
            deployment(generation, observed, replicas, statusReplicas, updated, available, reason));

    assertThat(render(status)).isEqualTo(expected);
  }

  static StatefulSet statefulSet(
      String strategy,
      Integer partition,
      long generation,
      long observed,
      int replicas,
      int ready,
      int updated,
      String currentRevision,
      String updateRevision) {
    var spec =
        new StatefulSetBuilder()
            .withNewMetadata()
            .withName("db")
            .withGeneration(generation)
            .endMetadata()
            .withNewSpec()
            .withReplicas(replicas);
    if (!strategy.isEmpty()) {
      var update = spec.withNewUpdateStrategy().withType(strategy);
      if (partition != null) {
        update = update.withNewRollingUpdate().withPartition(partition).endRollingUpdate();
      }
      spec = update.endUpdateStrategy();
    }
    return spec.endSpec()
        .withNewStatus()
        .withObservedGeneration(observed)
        .withReadyReplicas(ready)
        .withUpdatedReplicas(updated)
        .withCurrentReplicas(replicas)
        .withCurrentRevision(currentRevision)
        .withUpdateRevision(updateRevision)
        .endStatus()
        .build();
  }

  @ParameterizedTest(name = "{9}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      OnDelete      |   | 2 | 2 | 3 | 3 | 3 | r1 | r1 | Failed: statefulset "db" has update strategy OnDelete: rollout status is only available for RollingUpdate strategy type
      RollingUpdate |   | 2 | 0 | 3 | 3 | 3 | r1 | r1 | InProgress: Waiting for statefulset spec update to be observed...
      RollingUpdate |   | 3 | 2 | 3 | 3 | 3 | r1 | r1 | InProgress: Waiting for statefulset spec update to be observed...
      RollingUpdate |   | 2 | 2 | 3 | 1 | 3 | r1 | r2 | InProgress: Waiting for 2 pods to be ready...
      RollingUpdate | 1 | 2 | 2 | 3 | 3 | 1 | r1 | r2 | InProgress: Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...
      RollingUpdate | 1 | 2 | 2 | 3 | 3 | 2 | r1 | r2 | Complete: partitioned roll out complete: 2 new pods have been updated...
      RollingUpdate | 0 | 2 | 2 | 3 | 3 | 3 | r2 | r2 | Complete: partitioned roll out complete: 3 new pods have been updated...
      RollingUpdate |   | 2 | 2 | 3 | 3 | 1 | r1 | r2 | InProgress: waiting for statefulset rolling update to complete 1 pods at revision r2...
      ''            |   | 2 | 2 | 3 | 3 | 3 | r2 | r2 | Complete: statefulset rolling update complete 3 pods at revision r2...
      """)
  void givenStatefulSetStatusThenJudgedAsKubectlDoes(
      String strategy,
      Integer partition,
      long generation,
      long observed,
      int replicas,
      int ready,
      int updated,
      String current,
      String update,
      String expected) {
    RolloutStatus status =
        RolloutStatus.of(
            statefulSet(
                strategy,
                partition,
                generation,
                observed,
                replicas,
                ready,
                updated,
                current,
                update));

    assertThat(render(status)).isEqualTo(expected);
  }

  static DaemonSet daemonSet(
      String strategy, long generation, long observed, int desired, int updated, int available) {
    return new DaemonSetBuilder()
        .withNewMetadata()
        .withName("agent")
        .withGeneration(generation)
        .endMetadata()
        .withNewSpec()
        .withNewUpdateStrategy()
        .withType(strategy)
        .endUpdateStrategy()
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(observed)
        .withDesiredNumberScheduled(desired)
        .withUpdatedNumberScheduled(updated)
        .withNumberAvailable(available)
        .endStatus()
        .build();
  }

  @ParameterizedTest(name = "{6}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      OnDelete      | 2 | 2 | 3 | 3 | 3 | Failed: daemon set "agent" has update strategy OnDelete: rollout status is only available for RollingUpdate strategy type
      RollingUpdate | 2 | 1 | 3 | 3 | 3 | InProgress: Waiting for daemon set spec update to be observed...
      RollingUpdate | 2 | 2 | 3 | 1 | 1 | InProgress: Waiting for daemon set "agent" rollout to finish: 1 out of 3 new pods have been updated...
      RollingUpdate | 2 | 2 | 3 | 3 | 2 | InProgress: Waiting for daemon set "agent" rollout to finish: 2 of 3 updated pods are available...
      RollingUpdate | 2 | 2 | 3 | 3 | 3 | Complete: daemon set "agent" successfully rolled out
      """)
  void givenDaemonSetStatusThenJudgedAsKubectlDoes(
      String strategy,
      long generation,
      long observed,
      int desired,
      int updated,
      int available,
      String expected) {
    RolloutStatus status =
        RolloutStatus.of(daemonSet(strategy, generation, observed, desired, updated, available));

    assertThat(render(status)).isEqualTo(expected);
  }

  private static String render(RolloutStatus status) {
    if (status instanceof RolloutStatus.Complete c) {
      return "Complete: " + c.message();
    }
    if (status instanceof RolloutStatus.InProgress p) {
      return "InProgress: " + p.message();
    }
    RolloutStatus.Failed f = (RolloutStatus.Failed) status;
    assertThat(f.reason()).isIn("ProgressDeadlineExceeded", "OnDeleteStrategy");
    return "Failed: " + f.message();
  }
}
