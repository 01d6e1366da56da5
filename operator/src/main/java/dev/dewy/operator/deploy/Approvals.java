package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.ApprovalPolicy;
import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.api.v1alpha1.DewyDeploymentStatus;
import dev.dewy.operator.api.v1alpha1.HistoryEntry;
import dev.dewy.operator.api.v1alpha1.RolloutState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Approval gates (spec.approval: manual): an attempt stops in phase AwaitingApproval before the
 * before-deploy hook until the annotation dewy.dev/approve names its version. A value naming
 * another version is refused once; a version not approved within spec.approvalTimeout ends as
 * NotApproved and is not offered again until it is approved or a newer one appears. A pin
 * (spec.version) needs no approval: setting it is the approval.
 */
final class Approvals {
  private Approvals() {}

  /** Whether an attempt at a new version must wait for approval. */
  static boolean required(Observation o) {
    return o.resource().getSpec().getApproval() == ApprovalPolicy.manual
        && o.spec().policy().pin() == null;
  }

  /**
   * The decision on {@code attempt}, which needs approval: it starts when dewy.dev/approve names
   * its version (a value not yet acted on), ends when its approvalTimeout passed, and waits
   * otherwise.
   */
  static Outcome decide(Observation o, DewyDeploymentStatus s, RolloutState attempt) {
    String value = fresh(o, s).orElse(null);
    if (attempt.getVersion().equals(value)) {
      return new Outcome.Started(attempt, approver(o));
    }
    // a new attempt starts now, and a timeout is at least 1s: only a waiting one can time out
    if (deadline(o, attempt).map(d -> !o.now().isBefore(d)).orElse(false)) {
      return new Outcome.NotApproved(attempt.getVersion(), true);
    }
    return new Outcome.AwaitingApproval(attempt, value);
  }

  /**
   * Whether {@code version} ran out of time for approval before, and nothing since asks for it
   * again: it is the newest history entry, NotApproved, and dewy.dev/approve names no new value.
   */
  static boolean refusedBefore(Observation o, DewyDeploymentStatus s, String version) {
    if (s.getHistory() == null || s.getHistory().isEmpty()) {
      return false;
    }
    HistoryEntry last = s.getHistory().get(0);
    return last.getResult() == DeployResult.NotApproved
        && version.equals(last.getVersion())
        && !version.equals(fresh(o, s).orElse(null));
  }

  /** The value of dewy.dev/approve, unless it was acted on already. */
  static Optional<String> fresh(Observation o, DewyDeploymentStatus s) {
    String raw = ManualChanges.annotation(o, Labels.APPROVE);
    // stripped before the comparison: the acknowledged value is stored stripped
    String value = raw == null ? "" : raw.strip();
    return value.isEmpty() || value.equals(s.getAcknowledgedApproval())
        ? Optional.empty()
        : Optional.of(value);
  }

  /** When the attempt stops waiting for approval; empty without spec.approvalTimeout. */
  static Optional<Instant> deadline(Observation o, RolloutState attempt) {
    return o.spec().approvalTimeout().map(t -> Instant.parse(attempt.getStartedAt()).plus(t));
  }

  /** How long until the next look: the poll interval, or sooner if the deadline comes first. */
  static Duration recheck(Observation o, RolloutState attempt) {
    Duration interval = o.spec().interval();
    return deadline(o, attempt)
        .map(d -> Duration.between(o.now(), d))
        .map(left -> left.isNegative() ? Duration.ZERO : left)
        .filter(left -> left.compareTo(interval) < 0)
        .orElse(interval);
  }

  /** "the annotation dewy.dev/approve, set by kubectl-annotate", as managedFields say. */
  private static String approver(Observation o) {
    String by = "the annotation " + Labels.APPROVE;
    return o.cluster()
        .annotationManager(o.name(), Labels.APPROVE)
        .map(manager -> by + ", set by " + manager)
        .orElse(by);
  }

  /** The Ready message while {@code attempt} waits, with both ways to approve. */
  static String awaiting(Observation o, RolloutState attempt) {
    String version = attempt.getVersion();
    String until =
        deadline(o, attempt)
            .map(d -> "; without approval by %s the attempt ends".formatted(d))
            .orElse("");
    return ("%s awaits approval (runs %s): kubectl dewy approve %s %s, or kubectl annotate dd %s"
            + " %s=%s --overwrite%s")
        .formatted(
            version,
            StatusRecorder.describe(attempt.getPreviousVersion()),
            o.name(),
            version,
            o.name(),
            Labels.APPROVE,
            version,
            until);
  }

  /** Why a value of dewy.dev/approve that names another version is refused. */
  static String refusal(Observation o, RolloutState attempt, String value) {
    return ("%s=%s is refused: %s is not the version awaiting approval, %s is (it is the newest"
            + " the policy allows); approve %s, or pin %s with spec.version")
        .formatted(Labels.APPROVE, value, value, attempt.getVersion(), attempt.getVersion(), value);
  }
}
