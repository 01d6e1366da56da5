package dev.dewy.operator.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.util.List;
import java.util.Objects;

/**
 * Whether a workload's rollout is done, judged exactly as {@code kubectl rollout status} judges it
 * (k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go), with kubectl's messages.
 *
 * <p>One difference: a missing update strategy type counts as RollingUpdate, the API server's
 * default, because an object that never went through defaulting (a test server) has none.
 */
public sealed interface RolloutStatus {
  /** The new version is fully rolled out. */
  record Complete(String message) implements RolloutStatus {}

  /**
   * Still rolling; {@code message} says what it waits for. Not {@code observed}: the workload's
   * controller has not seen the change yet, a moment's state that is not worth reporting.
   */
  record InProgress(String message, boolean observed) implements RolloutStatus {
    InProgress(String message) {
      this(message, true);
    }
  }

  /** It will not finish by waiting: a progress deadline passed, or the strategy is OnDelete. */
  record Failed(String reason, String message) implements RolloutStatus {}

  /** Reason for a Deployment whose Progressing condition timed out. */
  String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";

  /** Reason for a StatefulSet or DaemonSet whose pods only change when someone deletes them. */
  String ON_DELETE_STRATEGY = "OnDeleteStrategy";

  /** The rollout status of a Deployment, StatefulSet or DaemonSet. */
  static RolloutStatus of(HasMetadata workload) {
    if (workload instanceof Deployment d) {
      return deployment(d);
    }
    if (workload instanceof StatefulSet s) {
      return statefulSet(s);
    }
    if (workload instanceof DaemonSet d) {
      return daemonSet(d);
    }
    throw new IllegalArgumentException(
        "rollout status is only known for Deployment, StatefulSet and DaemonSet, not "
            + workload.getKind());
  }

  private static RolloutStatus deployment(Deployment d) {
    String name = d.getMetadata().getName();
    DeploymentStatus s = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
    if (generation(d) > n(s.getObservedGeneration())) {
      return new InProgress("Waiting for deployment spec update to be observed...", false);
    }
    boolean timedOut =
        List.copyOf(s.getConditions() == null ? List.of() : s.getConditions()).stream()
            .anyMatch(
                c ->
                    "Progressing".equals(c.getType())
                        && PROGRESS_DEADLINE_EXCEEDED.equals(c.getReason()));
    if (timedOut) {
      return new Failed(
          PROGRESS_DEADLINE_EXCEEDED, "deployment \"" + name + "\" exceeded its progress deadline");
    }
    Integer replicas = d.getSpec() == null ? null : d.getSpec().getReplicas();
    int updated = n(s.getUpdatedReplicas());
    if (replicas != null && updated < replicas) {
      return waitingFor(
          "deployment",
          name,
          updated + " out of " + replicas + " new replicas have been updated...");
    }
    if (n(s.getReplicas()) > updated) {
      return waitingFor(
          "deployment",
          name,
          (n(s.getReplicas()) - updated) + " old replicas are pending termination...");
    }
    if (n(s.getAvailableReplicas()) < updated) {
      return waitingFor(
          "deployment",
          name,
          n(s.getAvailableReplicas()) + " of " + updated + " updated replicas are available...");
    }
    return new Complete("deployment \"" + name + "\" successfully rolled out");
  }

  private static RolloutStatus statefulSet(StatefulSet sts) {
    var strategy = sts.getSpec() == null ? null : sts.getSpec().getUpdateStrategy();
    if (strategy != null
        && strategy.getType() != null
        && !"RollingUpdate".equals(strategy.getType())) {
      return onDelete("statefulset", sts.getMetadata().getName(), strategy.getType());
    }
    StatefulSetStatus s = sts.getStatus() == null ? new StatefulSetStatus() : sts.getStatus();
    if (n(s.getObservedGeneration()) == 0 || generation(sts) > n(s.getObservedGeneration())) {
      return new InProgress("Waiting for statefulset spec update to be observed...", false);
    }
    Integer replicas = sts.getSpec().getReplicas();
    if (replicas != null && n(s.getReadyReplicas()) < replicas) {
      return new InProgress(
          "Waiting for " + (replicas - n(s.getReadyReplicas())) + " pods to be ready...");
    }
    if (strategy != null && strategy.getRollingUpdate() != null) {
      Integer partition = strategy.getRollingUpdate().getPartition();
      if (replicas != null
          && partition != null
          && n(s.getUpdatedReplicas()) < replicas - partition) {
        return new InProgress(
            "Waiting for partitioned roll out to finish: "
                + n(s.getUpdatedReplicas())
                + " out of "
                + (replicas - partition)
                + " new pods have been updated...");
      }
      return new Complete(
          "partitioned roll out complete: "
              + n(s.getUpdatedReplicas())
              + " new pods have been updated...");
    }
    if (!Objects.equals(s.getUpdateRevision(), s.getCurrentRevision())) {
      return new InProgress(
          "waiting for statefulset rolling update to complete "
              + n(s.getUpdatedReplicas())
              + " pods at revision "
              + s.getUpdateRevision()
              + "...");
    }
    return new Complete(
        "statefulset rolling update complete "
            + n(s.getCurrentReplicas())
            + " pods at revision "
            + s.getCurrentRevision()
            + "...");
  }

  private static RolloutStatus daemonSet(DaemonSet ds) {
    var strategy = ds.getSpec() == null ? null : ds.getSpec().getUpdateStrategy();
    if (strategy != null
        && strategy.getType() != null
        && !"RollingUpdate".equals(strategy.getType())) {
      return onDelete("daemon set", ds.getMetadata().getName(), strategy.getType());
    }
    String name = ds.getMetadata().getName();
    DaemonSetStatus s = ds.getStatus() == null ? new DaemonSetStatus() : ds.getStatus();
    if (generation(ds) > n(s.getObservedGeneration())) {
      return new InProgress("Waiting for daemon set spec update to be observed...", false);
    }
    int desired = n(s.getDesiredNumberScheduled());
    if (n(s.getUpdatedNumberScheduled()) < desired) {
      return waitingFor(
          "daemon set",
          name,
          n(s.getUpdatedNumberScheduled())
              + " out of "
              + desired
              + " new pods have been updated...");
    }
    if (n(s.getNumberAvailable()) < desired) {
      return waitingFor(
          "daemon set",
          name,
          n(s.getNumberAvailable()) + " of " + desired + " updated pods are available...");
    }
    return new Complete("daemon set \"" + name + "\" successfully rolled out");
  }

  private static RolloutStatus waitingFor(String kind, String name, String what) {
    return new InProgress("Waiting for " + kind + " \"" + name + "\" rollout to finish: " + what);
  }

  private static RolloutStatus onDelete(String kind, String name, String strategy) {
    return new Failed(
        ON_DELETE_STRATEGY,
        kind
            + " \""
            + name
            + "\" has update strategy "
            + strategy
            + ": rollout status is only available for RollingUpdate strategy type");
  }

  private static long generation(HasMetadata workload) {
    Long generation = workload.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  private static int n(Integer value) {
    return value == null ? 0 : value;
  }

  private static long n(Long value) {
    return value == null ? 0 : value;
  }
}
