package dev.dewy.operator.deploy;

import static dev.dewy.operator.deploy.Conditions.FALSE;
import static dev.dewy.operator.deploy.Conditions.READY;
import static dev.dewy.operator.deploy.Conditions.RECONCILING;
import static dev.dewy.operator.deploy.Conditions.STALLED;
import static dev.dewy.operator.deploy.Conditions.TRUE;
import static dev.dewy.operator.deploy.Conditions.UNKNOWN;

import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.DewyDeploymentStatus;
import dev.dewy.operator.api.v1alpha1.HookResult;
import dev.dewy.operator.api.v1alpha1.Phase;
import dev.dewy.operator.api.v1alpha1.RolloutState;
import dev.dewy.operator.notify.EventType;
import dev.dewy.operator.notify.NotifierUrl;
import dev.dewy.operator.version.Selection;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployment flow of design.md as a state machine whose state is status.phase: poll, run the
 * before-deploy hook, update the workload, run the after-deploy hook, record. Each phase is one
 * method; each writes status before it acts, so any pass can be the first after a restart.
 */
final class RolloutMachine {
  private static final Logger log = LoggerFactory.getLogger(RolloutMachine.class);

  /** Events, not time, move a running hook or rollout on; this only guards against lost ones. */
  private static final Duration SAFETY_NET = Duration.ofMinutes(2);

  private final DeployServices services;

  RolloutMachine(DeployServices services) {
    this.services = services;
  }

  UpdateControl<DewyDeployment> reconcile(DewyDeployment dd, Context<DewyDeployment> context) {
    Reconciliation r = new Reconciliation(dd, context, services.clock().instant());
    try {
      r.spec = SpecCheck.check(dd.getSpec());
      Conditions.remove(r.status().getConditions(), STALLED);
      r.workload =
          Workload.find(
                  services.client(),
                  dd.getSpec().getTarget().getKind(),
                  r.namespace(),
                  dd.getSpec().getTarget().getName())
              .orElseThrow(() -> targetNotFound(r));
      r.container =
          WorkloadPatch.targetContainer(
              r.workload.object(), dd.getSpec().getTarget().getContainer());
      reportNotifierProblem(r);
      Phase phase = r.status().getPhase();
      if (phase == null || r.rollout() == null) {
        return idle(r);
      }
      return switch (phase) {
        case RunningBeforeHook -> beforeHook(r);
        case Updating -> updating(r);
        case RunningAfterHook -> afterHook(r);
        case Idle, Failed -> idle(r);
      };
    } catch (InvalidSpecException e) {
      return stalled(r, e);
    } catch (BlockedException e) {
      return blocked(r, e);
    }
  }

  /** Step 1: poll, and start an attempt when the registry has a version the workload lacks. */
  private UpdateControl<DewyDeployment> idle(Reconciliation r) {
    DewyDeploymentStatus status = r.status();
    if (status.getCurrentVersion() == null) {
      WorkloadPatch.currentVersion(r.container).ifPresent(status::setCurrentVersion);
    }
    Selection.Found newest = services.poller().newest(r.resource(), r.spec, r.workload);
    status.setLatestVersion(newest.tag());
    status.setLastCheckedAt(r.now().toString());
    String current = status.getCurrentVersion();
    if (Versions.same(r.spec.policy(), current, newest.tag())) {
      return upToDate(r);
    }
    if (Boolean.TRUE.equals(r.resource().getSpec().getSuspend())) {
      status.setPhase(Phase.Idle);
      setReady(
          r,
          TRUE,
          Reasons.SUSPENDED,
          "%s is available (runs %s); deploys are suspended (spec.suspend: true)"
              .formatted(newest.tag(), describe(current)));
      r.save();
      return reschedule(r.spec.interval());
    }
    if (!Backoff.allows(status.getRetry(), newest.tag(), r.now())) {
      Duration wait = Backoff.remaining(status.getRetry(), newest.tag(), r.now());
      r.save();
      return reschedule(untilNextPoll(wait, r));
    }
    return start(r, newest.tag(), current);
  }

  private UpdateControl<DewyDeployment> start(Reconciliation r, String version, String current) {
    DewyDeploymentStatus status = r.status();
    RolloutState rollout = new RolloutState();
    rollout.setVersion(version);
    rollout.setPreviousVersion(current);
    rollout.setAttempt(Backoff.nextAttempt(status.getRetry(), version));
    rollout.setStartedAt(r.now().toString());
    rollout.setImage(
        ImageReference.parse(r.container.getImage(), "spec.target.container")
            .withTag(version)
            .toString());
    status.setRetry(Backoff.forVersion(status.getRetry(), version));
    status.setRollout(rollout);
    boolean before = HookKind.BEFORE_DEPLOY.spec(r.resource()).isPresent();
    status.setPhase(before ? Phase.RunningBeforeHook : Phase.Updating);
    String message =
        "deploying %s (runs %s), attempt %d"
            .formatted(version, describe(current), rollout.getAttempt());
    Conditions.set(
        status.getConditions(),
        RECONCILING,
        TRUE,
        Reasons.DEPLOYING,
        message,
        r.generation(),
        r.now());
    setReady(r, UNKNOWN, Reasons.DEPLOYING, message);
    r.save();
    services.events().normal(r.resource(), "DeployStarted", message);
    notify(r, EventType.DEPLOY_STARTED, message, null);
    return before ? beforeHook(r) : updating(r);
  }

  /** Step 2: the before-deploy hook; a failure aborts the attempt with the workload untouched. */
  private UpdateControl<DewyDeployment> beforeHook(Reconciliation r) {
    if (HookKind.BEFORE_DEPLOY.spec(r.resource()).isEmpty()) {
      r.status().setPhase(Phase.Updating);
      r.save();
      return updating(r);
    }
    HookProgress progress = services.hooks().advance(r, HookKind.BEFORE_DEPLOY);
    if (!(progress instanceof HookProgress.Finished finished)) {
      return reschedule(HookRunner.outputCheckPeriod(r.spec.beforeHookTimeout()));
    }
    HookResult result = finished.result();
    if (!finished.reported()) {
      recordHook(r, HookKind.BEFORE_DEPLOY, result);
    }
    if (!Boolean.TRUE.equals(result.getSucceeded())) {
      return abort(r, result);
    }
    r.status().setPhase(Phase.Updating);
    r.save();
    return updating(r);
  }

  /** Step 3: patch the workload and follow its rollout. */
  private UpdateControl<DewyDeployment> updating(Reconciliation r) {
    if (Boolean.TRUE.equals(r.resource().getSpec().getSuspend())
        && !WorkloadUpdater.isApplied(r, r.rollout())) {
      return holdUpdate(r);
    }
    RolloutStatus rollout = services.updater().apply(r);
    if (rollout instanceof RolloutStatus.Failed failed) {
      return rolloutFailed(r, failed);
    }
    if (rollout instanceof RolloutStatus.InProgress progress) {
      Conditions.set(
          r.status().getConditions(),
          RECONCILING,
          TRUE,
          Reasons.DEPLOYING,
          progress.message(),
          r.generation(),
          r.now());
      r.save();
      return reschedule(SAFETY_NET);
    }
    boolean after = HookKind.AFTER_DEPLOY.spec(r.resource()).isPresent();
    if (!after) {
      return complete(r, null);
    }
    r.status().setPhase(Phase.RunningAfterHook);
    r.save();
    return afterHook(r);
  }

  /** Suspended after the before hook: the update waits, and resuming continues this attempt. */
  private UpdateControl<DewyDeployment> holdUpdate(Reconciliation r) {
    String message =
        "%s is ready to deploy (runs %s) but waits: deploys are suspended (spec.suspend: true)"
            .formatted(r.rollout().getVersion(), describe(r.rollout().getPreviousVersion()));
    Conditions.set(
        r.status().getConditions(),
        RECONCILING,
        FALSE,
        Reasons.SUSPENDED,
        message,
        r.generation(),
        r.now());
    setReady(r, TRUE, Reasons.SUSPENDED, message);
    r.save();
    return reschedule(r.spec.interval());
  }

  /** Step 4: the after-deploy hook; a failure is reported but the deploy stands. */
  private UpdateControl<DewyDeployment> afterHook(Reconciliation r) {
    if (HookKind.AFTER_DEPLOY.spec(r.resource()).isEmpty()) {
      return complete(r, null);
    }
    HookProgress progress = services.hooks().advance(r, HookKind.AFTER_DEPLOY);
    if (!(progress instanceof HookProgress.Finished finished)) {
      return reschedule(HookRunner.outputCheckPeriod(r.spec.afterHookTimeout()));
    }
    if (!finished.reported()) {
      recordHook(r, HookKind.AFTER_DEPLOY, finished.result());
    }
    return complete(r, finished.result());
  }

  /** Step 5: the workload runs the new version; record it and go back to polling. */
  private UpdateControl<DewyDeployment> complete(Reconciliation r, HookResult after) {
    DewyDeploymentStatus status = r.status();
    RolloutState rollout = r.rollout();
    String previous = rollout.getPreviousVersion();
    addHistory(r, DeployResult.Succeeded, "deployed " + rollout.getVersion(), after);
    status.setCurrentVersion(rollout.getVersion());
    status.setPhase(Phase.Idle);
    status.setRollout(null);
    status.setRetry(null);
    Conditions.remove(status.getConditions(), RECONCILING);
    boolean afterFailed = after != null && !Boolean.TRUE.equals(after.getSucceeded());
    String message =
        afterFailed
            ? "%s is deployed, but the after-deploy hook failed: %s"
                .formatted(rollout.getVersion(), Failures.describe(after))
            : "%s is deployed (was %s)"
                .formatted(rollout.getVersion(), describe(rollout.getPreviousVersion()));
    setReady(r, TRUE, afterFailed ? Reasons.AFTER_HOOK_FAILED : Reasons.UP_TO_DATE, message);
    r.save();
    services.events().normal(r.resource(), "DeploySucceeded", message);
    notify(r, EventType.DEPLOY_SUCCEEDED, message, null, rollout.getVersion(), previous);
    // A newer version may have appeared meanwhile: look again now rather than after interval.
    return reschedule(Duration.ofSeconds(1));
  }

  private UpdateControl<DewyDeployment> abort(Reconciliation r, HookResult result) {
    String version = r.rollout().getVersion();
    String message =
        "before-deploy hook failed for %s: %s; the workload was not changed"
            .formatted(version, Failures.describe(result));
    return endFailedAttempt(
        r,
        DeployResult.Aborted,
        Reasons.BEFORE_HOOK_FAILED,
        message,
        "DeployAborted",
        EventType.DEPLOY_ABORTED);
  }

  private UpdateControl<DewyDeployment> rolloutFailed(
      Reconciliation r, RolloutStatus.Failed failed) {
    String message =
        "rollout of %s failed: %s (%s)"
            .formatted(r.rollout().getVersion(), failed.message(), failed.reason());
    return endFailedAttempt(
        r,
        DeployResult.Failed,
        Reasons.ROLLOUT_FAILED,
        message,
        "DeployFailed",
        EventType.DEPLOY_FAILED);
  }

  private UpdateControl<DewyDeployment> endFailedAttempt(
      Reconciliation r,
      DeployResult result,
      String reason,
      String message,
      String eventReason,
      EventType eventType) {
    DewyDeploymentStatus status = r.status();
    RolloutState rollout = r.rollout();
    String version = rollout.getVersion();
    addHistory(r, result, message, null);
    status.setRetry(Backoff.recordFailure(status.getRetry(), version, r.now(), r.spec.interval()));
    Duration wait = Backoff.remaining(status.getRetry(), version, r.now());
    status.setPhase(Phase.Failed);
    status.setRollout(null);
    Conditions.remove(status.getConditions(), RECONCILING);
    String full = message + "; next attempt after " + status.getRetry().getNotBefore();
    setReady(r, FALSE, reason, full);
    r.save();
    services.events().warning(r.resource(), eventReason, full);
    notify(r, eventType, full, null, version, rollout.getPreviousVersion());
    return reschedule(untilNextPoll(wait, r));
  }

  private void addHistory(Reconciliation r, DeployResult result, String message, HookResult after) {
    RolloutState rollout = r.rollout();
    HookResult before = HookRunner.recorded(r, HookKind.BEFORE_DEPLOY);
    String beforeJob =
        HookJobFactory.jobName(
            r.name(), HookKind.BEFORE_DEPLOY, rollout.getVersion(), rollout.getAttempt());
    boolean ranThisAttempt = before != null && beforeJob.equals(before.getJobName());
    r.status()
        .setHistory(
            History.record(
                r.status().getHistory(),
                History.entry(
                    rollout, result, message, r.now(), ranThisAttempt ? before : null, after),
                r.resource().getSpec().getHistoryLimit()));
  }

  private void recordHook(Reconciliation r, HookKind kind, HookResult result) {
    HookRunner.record(r, kind, result);
    r.save();
    HookLogLine.log(log, r.namespace(), r.name(), kind, result);
    boolean ok = Boolean.TRUE.equals(result.getSucceeded());
    String hookName = kind == HookKind.BEFORE_DEPLOY ? "BeforeHook" : "AfterHook";
    String message =
        "%s hook %s for %s: %s"
            .formatted(
                kind.label(),
                ok ? "succeeded" : "failed",
                result.getVersion(),
                Failures.describe(result));
    if (ok) {
      services.events().normal(r.resource(), hookName + "Succeeded", message);
    } else {
      services.events().warning(r.resource(), hookName + "Failed", message);
    }
    EventType type =
        kind == HookKind.BEFORE_DEPLOY
            ? (ok ? EventType.BEFORE_HOOK_SUCCEEDED : EventType.BEFORE_HOOK_FAILED)
            : (ok ? EventType.AFTER_HOOK_SUCCEEDED : EventType.AFTER_HOOK_FAILED);
    notify(r, type, message, result);
  }

  private UpdateControl<DewyDeployment> upToDate(Reconciliation r) {
    DewyDeploymentStatus status = r.status();
    status.setPhase(Phase.Idle);
    status.setRetry(null);
    Conditions.remove(status.getConditions(), RECONCILING);
    boolean afterHookFailed =
        Conditions.find(status.getConditions(), READY)
            .map(c -> Reasons.AFTER_HOOK_FAILED.equals(c.getReason()))
            .orElse(false);
    if (!afterHookFailed) {
      setReady(
          r,
          TRUE,
          Reasons.UP_TO_DATE,
          "runs %s, the newest version".formatted(status.getCurrentVersion()));
    }
    r.save();
    services.notifications().resolved(r.resource());
    return reschedule(r.spec.interval());
  }

  private UpdateControl<DewyDeployment> stalled(Reconciliation r, InvalidSpecException e) {
    DewyDeploymentStatus status = r.status();
    Conditions.set(
        status.getConditions(),
        STALLED,
        TRUE,
        Reasons.INVALID_SPEC,
        e.getMessage(),
        r.generation(),
        r.now());
    Conditions.remove(status.getConditions(), RECONCILING);
    setReady(r, FALSE, Reasons.INVALID_SPEC, e.getMessage());
    r.save();
    services.events().warning(r.resource(), Reasons.INVALID_SPEC, e.getMessage());
    notify(r, EventType.CONFIG_ERROR, e.getMessage(), null);
    // Retrying an unchanged spec cannot help; a spec change triggers the next pass.
    return UpdateControl.noUpdate();
  }

  private UpdateControl<DewyDeployment> blocked(Reconciliation r, BlockedException e) {
    setReady(r, FALSE, e.reason(), e.getMessage());
    r.save();
    services.events().warning(r.resource(), e.reason(), e.getMessage());
    if (Reasons.REGISTRY_ERROR.equals(e.reason())) {
      notify(r, EventType.REGISTRY_ERROR, e.getMessage(), null);
    }
    Duration interval = r.spec == null ? Duration.ofMinutes(1) : r.spec.interval();
    return reschedule(e.retryAfter().filter(d -> !d.isNegative()).orElse(interval));
  }

  private BlockedException targetNotFound(Reconciliation r) {
    var target = r.resource().getSpec().getTarget();
    return new BlockedException(
        Reasons.TARGET_NOT_FOUND,
        "spec.target: %s \"%s\" not found in namespace \"%s\" (create it, or fix spec.target.kind and spec.target.name)"
            .formatted(target.getKind(), target.getName(), r.namespace()));
  }

  /** Saved with the rest of the status by whichever phase runs next. */
  private void reportNotifierProblem(Reconciliation r) {
    var problem = services.notifications().problem(r.resource(), r.spec.notifier());
    if (problem.isEmpty()) {
      Conditions.remove(r.status().getConditions(), Conditions.NOTIFIER_READY);
      return;
    }
    String message = problem.get() + "; deploys go on without this channel";
    Conditions.set(
        r.status().getConditions(),
        Conditions.NOTIFIER_READY,
        FALSE,
        Reasons.NOTIFIER_ERROR,
        message,
        r.generation(),
        r.now());
    services.events().warning(r.resource(), Reasons.NOTIFIER_ERROR, message);
  }

  private void setReady(Reconciliation r, String status, String reason, String message) {
    Conditions.set(
        r.status().getConditions(), READY, status, reason, message, r.generation(), r.now());
  }

  private void notify(Reconciliation r, EventType type, String message, HookResult hook) {
    RolloutState rollout = r.rollout();
    String version = rollout != null ? rollout.getVersion() : r.status().getLatestVersion();
    String previous =
        rollout != null ? rollout.getPreviousVersion() : r.status().getCurrentVersion();
    notify(r, type, message, hook, version, previous);
  }

  private void notify(
      Reconciliation r,
      EventType type,
      String message,
      HookResult hook,
      String version,
      String previous) {
    services
        .notifications()
        .send(r.resource(), notifierUrl(r), type, version, previous, message, hook);
  }

  /** A spec that failed its check was not parsed; its notifier on its own may still work. */
  private static Optional<NotifierUrl> notifierUrl(Reconciliation r) {
    if (r.spec != null) {
      return r.spec.notifier();
    }
    var spec = r.resource().getSpec();
    return spec == null ? Optional.empty() : SpecCheck.notifier(spec.getNotifier());
  }

  private static String describe(String version) {
    return version == null ? "no known version" : version;
  }

  /** A back-off holds one version back, not polling: a newer version must be seen in time. */
  private static Duration untilNextPoll(Duration backoff, Reconciliation r) {
    return backoff.compareTo(r.spec.interval()) < 0 ? backoff : r.spec.interval();
  }

  private static UpdateControl<DewyDeployment> reschedule(Duration after) {
    return UpdateControl.<DewyDeployment>noUpdate().rescheduleAfter(after);
  }
}
