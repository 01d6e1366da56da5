package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.HookResult;
import dev.dewy.operator.api.v1alpha1.ManualChange;
import dev.dewy.operator.api.v1alpha1.RolloutState;
import java.time.Duration;
import java.time.Instant;

/**
 * What one step of the flow found, decided by {@link RolloutMachine} before anything is recorded;
 * {@link StatusRecorder} turns each into status, an event, a notification and history.
 */
sealed interface Outcome {

  /** The workload runs the newest version the policy allows. */
  record UpToDate(String latest) implements Outcome {}

  /**
   * The template runs another version than dewy-operator deployed ({@code deployed}): someone else
   * changed it. Recorded once per change; the decision goes on from there.
   */
  record ManualChangeSeen(ManualChange change, String deployed) implements Outcome {}

  /**
   * Someone else changed the target container's image during the rollout: the attempt ends as
   * Interrupted, and the change is decided as any manual change.
   */
  record ChangedDuringDeploy(ManualChange change) implements Outcome {}

  /**
   * Deploys wait after a manual change to an older version (spec.onManualChange: hold); {@code
   * latest}: the registry's newest meanwhile, null when it was not read.
   */
  record Held(ManualChange change, String deployed, String latest) implements Outcome {
    Held(ManualChange change, String deployed) {
      this(change, deployed, null);
    }
  }

  /**
   * What the template runs is accepted as deployed: someone put the deployed version back ({@code
   * resumedBy} null), or a hold was ended by spec.version or dewy.dev/resume.
   */
  record ManualChangeEnded(String resumedBy) implements Outcome {}

  /**
   * The workload runs {@code running}, newer than {@code newest}, the registry's newest under the
   * policy: nothing is deployed without a pin or spec.allowDowngrade.
   */
  record NewerThanRegistry(String running, String newest) implements Outcome {}

  /**
   * The tag the workload runs ({@code tag}, the newest under the policy: {@code latest}) names
   * {@code registryDigest} now, not the template's {@code deployedDigest}: it was pushed again.
   * Reported once per new digest; {@code redeploy}: the new digest is deployed next.
   */
  record TagRepushed(
      String tag, String deployedDigest, String registryDigest, String latest, boolean redeploy)
      implements Outcome {}

  /** A newer version exists, and spec.suspend holds it back. */
  record Suspended(String available) implements Outcome {}

  /** The last attempt at {@code version} failed; the next waits until {@code notBefore}. */
  record WaitingToRetry(String version, Instant notBefore) implements Outcome {}

  /**
   * An attempt at a newer version begins; {@code approvedBy} says what approved it when
   * spec.approval is manual (null otherwise).
   */
  record Started(RolloutState attempt, String approvedBy) implements Outcome {
    Started(RolloutState attempt) {
      this(attempt, null);
    }
  }

  /**
   * The attempt waits for approval (spec.approval: manual); {@code refused} is a value of
   * dewy.dev/approve just refused, since it names another version (null if none).
   */
  record AwaitingApproval(RolloutState attempt, String refused) implements Outcome {}

  /**
   * The version awaiting approval is no longer the one to deploy ({@code why}): its attempt ends
   * with nothing done, and the pass decides afresh.
   */
  record ApprovalWithdrawn(String version, String why) implements Outcome {}

  /**
   * No one approved the version within spec.approvalTimeout: {@code timedOut} when that is decided
   * now (the attempt ends, recorded in history), else it was decided before and stands.
   */
  record NotApproved(String version, boolean timedOut) implements Outcome {}

  /**
   * A hook of this attempt runs: its Job was just created, or its output so far was read; {@code
   * record} is what status keeps of it.
   */
  record HookRunning(HookKind kind, HookResult record, Duration recheck) implements Outcome {}

  /** The before-deploy hook succeeded: the workload is updated next. */
  record HookFinished(HookKind kind, HookResult result, boolean reported) implements Outcome {}

  /**
   * The workload is updated and rolling out; {@code message} null: nothing new to say yet. Looked
   * at again after {@code recheck} without an event (spec.rolloutTimeout may end it).
   */
  record Progressing(String message, Duration recheck) implements Outcome {}

  /** The update is held: spec.suspend was set during the before-deploy hook. */
  record UpdateHeld(String message) implements Outcome {}

  /** The new version runs; {@code after} is the after-deploy hook's result, if it ran. */
  record Deployed(HookResult after, boolean reported) implements Outcome {}

  /** The before-deploy hook failed: the workload was not touched. */
  record Aborted(HookResult before, boolean reported) implements Outcome {}

  /** The workload was updated, but its rollout did not complete. */
  record RolloutFailed(String reason, String message) implements Outcome {}

  /**
   * The rollout failed ({@code reason}, {@code message}), or the after-deploy hook did ({@code
   * after}, with rollbackOnFailure): the previous version is restored next.
   */
  record RollingBack(String reason, String message, HookResult after, boolean reported)
      implements Outcome {}

  /** The previous version is restored and rolling out; looked at again after {@code recheck}. */
  record RollbackProgressing(Duration recheck) implements Outcome {}

  /** The previous version runs again: the attempt ends as RolledBack. */
  record RolledBack() implements Outcome {}

  /** Restoring the previous version did not roll out either. */
  record RollbackFailed(String reason, String message) implements Outcome {}

  /**
   * The newest version is one that was rolled back: it is not tried again until a newer one appears
   * or dewy.dev/retry gets a new value.
   */
  record KeptRolledBack(String version) implements Outcome {}

  /** Something outside the spec stops the flow for now; looked at again after {@code retry}. */
  record Blocked(String reason, String message, Duration retry) implements Outcome {}

  /** The spec cannot work as written; nothing happens until it changes. */
  record Stalled(String message) implements Outcome {}
}
