package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.HookSpec;
import dev.dewy.operator.api.v1alpha1.RollbackPolicy;
import dev.dewy.operator.api.v1alpha1.RolloutState;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * spec.rollback: auto and hooks.afterDeploy.rollbackOnFailure: what an attempt remembers so that it
 * can be undone, when its rollout counts as failed, and the restore itself, which goes through the
 * same patch as the update ({@link WorkloadUpdater#set}) and is judged the same way.
 */
final class Rollbacks {
  private Rollbacks() {}

  /** Records in a new attempt what the template runs now: what a rollback restores. */
  static void remember(Observation o, RolloutState attempt) {
    if (WorkloadUpdater.volume(o).isPresent()) {
      attempt.setPreviousArtifact(
          ArtifactInitContainer.currentVersion(o.workload().template().getSpec()).orElse(null));
    } else {
      attempt.setPreviousImage(o.container().getImage());
    }
  }

  /**
   * Whether a rollout of this attempt that failed for {@code reason} is undone: under
   * spec.rollback: auto, and always when the fetcher refused the release, whose pods can never
   * start.
   */
  static boolean onFailedRollout(Observation o, RolloutState attempt, String reason) {
    return (o.resource().getSpec().getRollback() == RollbackPolicy.auto
            || Reasons.FETCH_FAILED.equals(reason))
        && possible(o, attempt);
  }

  /** Whether a failed after-deploy hook of this attempt is undone (rollbackOnFailure). */
  static boolean onFailedAfterHook(Observation o, RolloutState attempt) {
    Optional<HookSpec> after = HookKind.AFTER_DEPLOY.spec(o.resource());
    return after.map(h -> Boolean.TRUE.equals(h.getRollbackOnFailure())).orElse(false)
        && possible(o, attempt);
  }

  /**
   * An image deploy restores the image it replaced; a volume deploy the artifact version it
   * replaced, or no fetch at all when there was none. An attempt from before this field existed has
   * nothing recorded, and is not rolled back.
   */
  private static boolean possible(Observation o, RolloutState attempt) {
    if (WorkloadUpdater.volume(o).isPresent()) {
      return !Objects.equals(attempt.getPreviousArtifact(), attempt.getVersion());
    }
    // a template that already carried the attempt's image (a retry after a failed rollout under
    // rollback: none) has nothing else to go back to
    return attempt.getPreviousImage() != null
        && !attempt.getPreviousImage().equals(attempt.getImage());
  }

  /** The version a rollback returns to: the previous image's tag, or the previous artifact. */
  static String restoredVersion(RolloutState attempt) {
    return attempt.getPreviousImage() != null
        ? ImageReference.parse(attempt.getPreviousImage(), "status.rollout.previousImage").tag()
        : attempt.getPreviousArtifact();
  }

  /** The digest the restored image is pinned to, if it is. */
  static String restoredDigest(RolloutState attempt) {
    return attempt.getPreviousImage() == null
        ? null
        : ImageReference.parse(attempt.getPreviousImage(), "status.rollout.previousImage").digest();
  }

  /** Puts the previous version back unless the template has it; the workload as it then is. */
  static HasMetadata restore(Observation o, RolloutState attempt) {
    return WorkloadUpdater.set(o, attempt.getPreviousImage(), restoredVersion(attempt));
  }

  /**
   * How the rollout that began at status.rollout.updatedAt stands: as {@code kubectl rollout
   * status} judges it, except that one still in progress past spec.rolloutTimeout has failed, and,
   * for a {@code restore}, that a progress deadline reported before it belongs to the rollout it
   * undoes: the Deployment controller keeps that condition when the template returns to an old
   * ReplicaSet, until its pods make progress. (An update to a new template gets a new ReplicaSet,
   * whose creation resets the condition; and an attempt whose template was already set has the
   * deadline it has.)
   */
  static RolloutStatus judge(
      Observation o, HasMetadata workload, RolloutState attempt, boolean restore) {
    RolloutStatus status = RolloutStatus.of(workload);
    if (attempt.getUpdatedAt() == null) {
      return status;
    }
    Instant since = Instant.parse(attempt.getUpdatedAt());
    if (restore
        && status instanceof RolloutStatus.Failed failed
        && RolloutStatus.PROGRESS_DEADLINE_EXCEEDED.equals(failed.reason())
        && deadlineReportedBefore(workload, since)) {
      status =
          new RolloutStatus.InProgress(
              "Waiting for %s to make progress: its progress deadline passed before this update"
                  .formatted(WorkloadPatch.describe(workload)));
    }
    if (status instanceof RolloutStatus.InProgress progress
        && !o.now().isBefore(since.plus(o.spec().rolloutTimeout()))) {
      return new RolloutStatus.Failed(
          Reasons.ROLLOUT_TIMEOUT,
          "not rolled out within spec.rolloutTimeout (%s): %s"
              .formatted(GoDuration.format(o.spec().rolloutTimeout()), progress.message()));
    }
    return status;
  }

  /**
   * How long to wait before looking again without an event: the recorder's safety net, or less to
   * be there at spec.rolloutTimeout.
   */
  static Duration recheck(Observation o, RolloutState attempt) {
    Duration safetyNet = StatusRecorder.SAFETY_NET;
    if (attempt.getUpdatedAt() == null) {
      return safetyNet;
    }
    Instant deadline = Instant.parse(attempt.getUpdatedAt()).plus(o.spec().rolloutTimeout());
    Duration left = Duration.between(o.now(), deadline).plusSeconds(1);
    return left.compareTo(safetyNet) < 0 ? left : safetyNet;
  }

  /**
   * Whether the Deployment's ProgressDeadlineExceeded condition was last updated before {@code
   * since}. Condition times have whole seconds, and a deadline of this rollout comes at least a
   * second after it began, so one at or before {@code since} is older.
   */
  private static boolean deadlineReportedBefore(HasMetadata workload, Instant since) {
    if (!(workload instanceof Deployment d) || d.getStatus() == null) {
      return false;
    }
    List<DeploymentCondition> conditions =
        d.getStatus().getConditions() == null ? List.of() : d.getStatus().getConditions();
    return conditions.stream()
        .filter(c -> "Progressing".equals(c.getType()))
        .filter(c -> RolloutStatus.PROGRESS_DEADLINE_EXCEEDED.equals(c.getReason()))
        .map(c -> c.getLastUpdateTime() == null ? null : Instant.parse(c.getLastUpdateTime()))
        .anyMatch(updated -> updated != null && !updated.isAfter(since));
  }
}
