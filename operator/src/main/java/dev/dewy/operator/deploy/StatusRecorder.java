package dev.dewy.operator.deploy;

import static dev.dewy.operator.deploy.Conditions.FALSE;
import static dev.dewy.operator.deploy.Conditions.READY;
import static dev.dewy.operator.deploy.Conditions.RECONCILING;
import static dev.dewy.operator.deploy.Conditions.STALLED;
import static dev.dewy.operator.deploy.Conditions.TRUE;
import static dev.dewy.operator.deploy.Conditions.UNKNOWN;

import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.api.v1alpha1.DewyDeploymentStatus;
import dev.dewy.operator.api.v1alpha1.Phase;
import dev.dewy.operator.api.v1alpha1.RetryState;
import dev.dewy.operator.api.v1alpha1.RolloutState;
import dev.dewy.operator.api.v1alpha1.TagRepush;
import dev.dewy.operator.metrics.DeployMeters;
import dev.dewy.operator.notify.EventType;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The one place outcomes become what users see: status (phase, conditions, hooks, history), an
 * Event, a notification and a log line. Status is written once per outcome, and only when it
 * changed ({@link Pass#save}); the condition rules live here: Stalled clears Reconciling, and a
 * failed attempt waiting out its back-off stays Reconciling with reason ProgressingWithRetry.
 * Deploy and hook results are counted here too, once each, as they are reported.
 */
final class StatusRecorder {
  /** Events, not time, move a running rollout on; this only guards against a lost one. */
  static final Duration SAFETY_NET = Duration.ofMinutes(2);

  /** After a deploy, look again at once: a newer version may have appeared meanwhile. */
  static final Duration AFTER_DEPLOY = Duration.ofSeconds(1);

  private final DeployEvents events;
  private final DeployNotifier notifier;
  private final DeployMeters meters;
  private final ShippingReports reports;

  StatusRecorder(DeployEvents events, DeployNotifier notifier, DeployMeters meters) {
    this(events, notifier, meters, ShippingReports.NONE);
  }

  StatusRecorder(
      DeployEvents events, DeployNotifier notifier, DeployMeters meters, ShippingReports reports) {
    this.events = events;
    this.notifier = notifier;
    this.meters = meters;
    this.reports = reports;
  }

  /** What follows a recorded outcome: the next step in the same pass, or a wait. */
  record Step(boolean proceed, Duration after) {
    static final Step PROCEED = new Step(true, null);

    static Step waitFor(Duration after) {
      return new Step(false, after);
    }

    /** Nothing until the spec changes (a change is an event of its own). */
    static final Step UNTIL_SPEC_CHANGES = new Step(false, null);
  }

  /**
   * Marks whether spec.notifier can send (condition NotifierReady), once per pass; deploys go on
   * either way.
   */
  void notifierReadiness(Pass p, Observation o) {
    var problem = notifier.problem(p.secrets(), o.resource(), o.spec().notifier());
    if (problem.isEmpty()) {
      Conditions.remove(p.status().getConditions(), Conditions.NOTIFIER_READY);
      return;
    }
    String message = problem.get() + "; deploys go on without this channel";
    Conditions.set(
        p.status().getConditions(),
        Conditions.NOTIFIER_READY,
        FALSE,
        Reasons.NOTIFIER_ERROR,
        message,
        p.stored().getMetadata().getGeneration(),
        p.now());
    events.warning(p.stored(), Reasons.NOTIFIER_ERROR, message);
  }

  /** Records {@code outcome}; {@code o} is null when the pass failed before it could observe. */
  Step record(Pass p, Observation o, Outcome outcome) {
    Report report = new Report(p, o, events, notifier, meters);
    DewyDeploymentStatus s = p.status();
    if (o != null && s.getRollout() == null) {
      // between deploys, currentVersion is what the template runs, whoever set it
      try {
        String running = o.running();
        String into = ManualChanges.deployedInto(o);
        s.setDeployedVersion(ManualChanges.deployed(s, running, into));
        s.setDeployedInto(into);
        s.setCurrentVersion(running);
        s.setCurrentDigest(o.runningDigest());
        TagRepush repush = s.getTagRepush();
        if (repush != null
            && !(Objects.equals(repush.getTag(), running)
                && Objects.equals(repush.getDeployedDigest(), s.getCurrentDigest()))) {
          // the template moved on: what was reported no longer describes it
          clearTagRepush(s);
        }
      } catch (InvalidSpecException e) {
        // an image that does not parse: the outcome being recorded says so
      }
    }
    if (outcome instanceof Outcome.UpToDate u) {
      return upToDate(report, u);
    } else if (outcome instanceof Outcome.ManualChangeSeen u) {
      return manualChangeSeen(report, u);
    } else if (outcome instanceof Outcome.ChangedDuringDeploy u) {
      return changedDuringDeploy(report, u);
    } else if (outcome instanceof Outcome.Held u) {
      return held(report, u);
    } else if (outcome instanceof Outcome.ManualChangeEnded u) {
      return manualChangeEnded(report, u);
    } else if (outcome instanceof Outcome.TagRepushed u) {
      return tagRepushed(report, u);
    } else if (outcome instanceof Outcome.NewerThanRegistry u) {
      return newerThanRegistry(report, u);
    } else if (outcome instanceof Outcome.Suspended u) {
      return suspended(report, u);
    } else if (outcome instanceof Outcome.WaitingToRetry u) {
      return waiting(report, u);
    } else if (outcome instanceof Outcome.Started u) {
      return started(report, u);
    } else if (outcome instanceof Outcome.AwaitingApproval u) {
      return awaitingApproval(report, u);
    } else if (outcome instanceof Outcome.ApprovalWithdrawn u) {
      return approvalWithdrawn(report, u);
    } else if (outcome instanceof Outcome.NotApproved u) {
      return notApproved(report, u);
    } else if (outcome instanceof Outcome.HookRunning u) {
      return hookRunning(report, u);
    } else if (outcome instanceof Outcome.HookFinished u) {
      return hookFinished(report, u);
    } else if (outcome instanceof Outcome.Progressing u) {
      return progressing(report, u);
    } else if (outcome instanceof Outcome.UpdateHeld u) {
      return updateHeld(report, u);
    } else if (outcome instanceof Outcome.Deployed u) {
      return deployed(report, u);
    } else if (outcome instanceof Outcome.Aborted u) {
      return aborted(report, u);
    } else if (outcome instanceof Outcome.RolloutFailed u) {
      return rolloutFailed(report, u);
    } else if (outcome instanceof Outcome.RollingBack u) {
      return rollingBack(report, u);
    } else if (outcome instanceof Outcome.RollbackProgressing u) {
      return rollbackProgressing(report, u);
    } else if (outcome instanceof Outcome.RolledBack) {
      return rolledBack(report);
    } else if (outcome instanceof Outcome.RollbackFailed u) {
      return rollbackFailed(report, u);
    } else if (outcome instanceof Outcome.KeptRolledBack u) {
      return keptRolledBack(report, u);
    } else if (outcome instanceof Outcome.Blocked u) {
      return blocked(report, u);
    } else if (outcome instanceof Outcome.Stalled u) {
      return stalled(report, u);
    }
    throw new IllegalStateException("no record for " + outcome);
  }

  private Step upToDate(Report r, Outcome.UpToDate u) {
    clearTagRepush(r.status());
    return upToDate(r, u.latest());
  }

  private Step upToDate(Report r, String latest) {
    DewyDeploymentStatus s = r.polled(latest);
    s.setPhase(Phase.Idle);
    s.setRetry(null);
    Conditions.remove(s.getConditions(), RECONCILING);
    // the newest runs, whoever put it there: that is what is deployed now
    accept(s, s.getCurrentVersion());
    // After a deploy, Ready already says so (and a failed after-deploy hook stays visible);
    // rewording it would cost a write and a watch event for nothing new.
    boolean saysSo =
        Conditions.find(s.getConditions(), READY)
            .map(
                c ->
                    TRUE.equals(c.getStatus())
                        && (Reasons.UP_TO_DATE.equals(c.getReason())
                            || Reasons.AFTER_HOOK_FAILED.equals(c.getReason())))
            .orElse(false);
    if (!saysSo) {
      r.ready(
          TRUE, Reasons.UP_TO_DATE, "runs %s, the newest version".formatted(s.getCurrentVersion()));
    }
    r.save();
    r.resolved();
    return Step.waitFor(r.o().spec().interval());
  }

  /**
   * The tag the workload runs was pushed again: status.tagRepush, TagRepushed=True, a Warning event
   * and a notification, once per new digest. With redeploy, the next step starts the attempt that
   * deploys it; else the workload is up to date with its tag, as before.
   */
  private Step tagRepushed(Report r, Outcome.TagRepushed u) {
    DewyDeploymentStatus s = r.status();
    TagRepush known = s.getTagRepush();
    if (known == null
        || !u.registryDigest().equals(known.getRegistryDigest())
        || !u.tag().equals(known.getTag())) {
      TagRepush repush = new TagRepush();
      repush.setTag(u.tag());
      repush.setDeployedDigest(u.deployedDigest());
      repush.setRegistryDigest(u.registryDigest());
      repush.setDetectedAt(r.p().now().truncatedTo(ChronoUnit.SECONDS).toString());
      s.setTagRepush(repush);
      String message = tagRepushMessage(r.o(), u);
      r.condition(Conditions.TAG_REPUSHED, TRUE, Reasons.TAG_REPUSHED, message);
      String full =
          message
              + (u.redeploy()
                  ? "; it is deployed again (spec.onTagRepush: redeploy)"
                  : Boolean.TRUE.equals(r.o().resource().getSpec().getSuspend())
                      ? "; nothing is deployed: deploys are suspended (spec.suspend: true)"
                      : "; nothing is deployed (spec.onTagRepush: report; set it to redeploy to"
                          + " deploy the new content)");
      r.warning(Reasons.TAG_REPUSHED, full);
      r.notify(EventType.TAG_REPUSHED, full, null, u.tag(), u.tag());
    }
    return u.redeploy() ? Step.PROCEED : upToDate(r, u.latest());
  }

  /**
   * {@code tag v1.1.0 was pushed again: host/repo:v1.1.0 names sha256:b…, the template runs a…}.
   */
  private static String tagRepushMessage(Observation o, Outcome.TagRepushed u) {
    ImageReference image = ImageReference.parse(o.container().getImage(), "spec.target.container");
    return "tag %s was pushed again: %s now names %s; the workload runs %s"
        .formatted(
            u.tag(),
            image.withDigest(null),
            u.registryDigest(),
            image.withDigest(u.deployedDigest()));
  }

  private static void clearTagRepush(DewyDeploymentStatus s) {
    s.setTagRepush(null);
    Conditions.remove(s.getConditions(), Conditions.TAG_REPUSHED);
  }

  /**
   * Someone else changed the template: Drifted=True, a Warning event and a notification, once per
   * change. Written with the step that follows, which decides what to do about it.
   */
  private Step manualChangeSeen(Report r, Outcome.ManualChangeSeen u) {
    DewyDeploymentStatus s = r.status();
    s.setManualChange(u.change());
    String message = ManualChanges.describe(r.o(), u.change(), u.deployed());
    r.condition(Conditions.DRIFTED, TRUE, Reasons.MANUAL_CHANGE, message);
    String full = message + "; " + ManualChanges.consequence(r.o(), u.change(), u.deployed());
    r.warning(Reasons.MANUAL_CHANGE, full);
    r.notify(EventType.MANUAL_CHANGE, full, null, u.change().getVersion(), u.deployed());
    return Step.PROCEED;
  }

  /**
   * The attempt ends as Interrupted: what it set counts as deployed, and the change is reported as
   * any manual change, then decided (held, or deployed again under redeploy, in a new attempt with
   * Jobs of its own).
   */
  private Step changedDuringDeploy(Report r, Outcome.ChangedDuringDeploy u) {
    DewyDeploymentStatus s = r.status();
    RolloutState attempt = s.getRollout();
    String message =
        "the deploy of %s was interrupted: %s"
            .formatted(
                attempt.getVersion(),
                ManualChanges.describe(r.o(), u.change(), attempt.getVersion()));
    r.history(DeployResult.Interrupted, message, null);
    meters.deployEnded(DeployResult.Interrupted);
    s.setRetry(Backoff.recordInterruption(attempt.getVersion(), attempt.getAttempt(), r.p().now()));
    accept(s, attempt.getVersion());
    s.setCurrentVersion(r.o().running());
    s.setCurrentDigest(r.o().runningDigest());
    s.setPhase(Phase.Idle);
    s.setRollout(null);
    Conditions.remove(s.getConditions(), RECONCILING);
    return manualChangeSeen(r, new Outcome.ManualChangeSeen(u.change(), attempt.getVersion()));
  }

  /** Deploys wait after a manual change to an older version, until a pin or dewy.dev/resume. */
  private Step held(Report r, Outcome.Held u) {
    DewyDeploymentStatus s = u.latest() == null ? r.status() : r.polled(u.latest());
    s.setPhase(Phase.Idle);
    Conditions.remove(s.getConditions(), RECONCILING);
    r.ready(
        FALSE,
        Reasons.HELD_AFTER_MANUAL_CHANGE,
        ManualChanges.describe(r.o(), u.change(), u.deployed())
            + "; "
            + ManualChanges.howToResume(r.o()));
    r.save();
    return Step.waitFor(r.o().spec().interval());
  }

  /** What the template runs counts as deployed again; a resume is acknowledged and evented. */
  private Step manualChangeEnded(Report r, Outcome.ManualChangeEnded u) {
    DewyDeploymentStatus s = r.status();
    var change = s.getManualChange();
    accept(s, r.o().running());
    String resume = ManualChanges.annotation(r.o(), Labels.RESUME);
    if (resume != null) {
      s.setAcknowledgedResume(resume);
    }
    if (u.resumedBy() != null && change != null) {
      r.normal(
          Reasons.RESUMED,
          "resumed by %s: %s counts as deployed, and deploys go on"
              .formatted(u.resumedBy(), describe(change.getVersion())));
    }
    return Step.PROCEED;
  }

  /** dewy-operator's own version is in the template: no manual change stands. */
  private static void accept(DewyDeploymentStatus s, String version) {
    s.setDeployedVersion(version);
    s.setManualChange(null);
    Conditions.remove(s.getConditions(), Conditions.DRIFTED);
  }

  /** No silent downgrade: said once, and nothing deployed. */
  private Step newerThanRegistry(Report r, Outcome.NewerThanRegistry u) {
    DewyDeploymentStatus s = r.polled(u.newest());
    s.setPhase(Phase.Idle);
    Conditions.remove(s.getConditions(), RECONCILING);
    String message =
        ("runs %s, newer than %s, the newest version the registry offers under the policy;"
                + " nothing is deployed (to go back to %s, set spec.version, or spec.allowDowngrade:"
                + " true)")
            .formatted(u.running(), u.newest(), u.newest());
    boolean said =
        Conditions.find(s.getConditions(), READY)
            .map(c -> message.equals(c.getMessage()))
            .orElse(false);
    r.ready(TRUE, Reasons.NEWER_THAN_REGISTRY, message);
    r.save();
    if (!said) {
      r.normal(Reasons.NEWER_THAN_REGISTRY, message);
    }
    r.resolved();
    return Step.waitFor(r.o().spec().interval());
  }

  private Step suspended(Report r, Outcome.Suspended u) {
    DewyDeploymentStatus s = r.polled(u.available());
    s.setPhase(Phase.Idle);
    r.ready(
        TRUE,
        Reasons.SUSPENDED,
        "%s is available (runs %s); deploys are suspended (spec.suspend: true)"
            .formatted(u.available(), describe(s.getCurrentVersion())));
    r.save();
    return Step.waitFor(r.o().spec().interval());
  }

  private Step waiting(Report r, Outcome.WaitingToRetry u) {
    DewyDeploymentStatus s = r.polled(u.version());
    r.reconciling(TRUE, Reasons.RETRYING, retrying(u.version(), u.notBefore()));
    r.save();
    Duration wait = Duration.between(r.p().now(), u.notBefore());
    return Step.waitFor(untilNextPoll(wait, r));
  }

  private Step started(Report r, Outcome.Started u) {
    RolloutState attempt = u.attempt();
    DewyDeploymentStatus s = r.polled(attempt.getVersion());
    s.setRetry(Backoff.forVersion(s.getRetry(), attempt.getVersion()));
    if (s.getRetry() != null) {
      s.getRetry().setAcknowledgedRequest(RolloutMachine.retryRequest(r.o()));
    }
    if (u.approvedBy() != null) {
      attempt.setApprovedBy(u.approvedBy());
      attempt.setApprovedAt(r.p().now().truncatedTo(ChronoUnit.SECONDS).toString());
      Approvals.fresh(r.o(), s).ifPresent(s::setAcknowledgedApproval);
      r.normal(
          Reasons.APPROVED, "%s approved by %s".formatted(attempt.getVersion(), u.approvedBy()));
    }
    s.setRollout(attempt);
    boolean before = HookKind.BEFORE_DEPLOY.spec(r.o().resource()).isPresent();
    s.setPhase(before ? Phase.RunningBeforeHook : Phase.Updating);
    if (!before) {
      updatedNow(r);
    }
    String message =
        attempt.getReplacesDigest() != null
            ? "deploying %s again: its tag now names %s (runs %s), attempt %d"
                .formatted(
                    attempt.getVersion(),
                    attempt.getDigest(),
                    attempt.getReplacesDigest(),
                    attempt.getAttempt())
            : "deploying %s (runs %s), attempt %d"
                .formatted(
                    attempt.getVersion(),
                    describe(attempt.getPreviousVersion()),
                    attempt.getAttempt());
    r.reconciling(TRUE, Reasons.DEPLOYING, message);
    r.ready(UNKNOWN, Reasons.DEPLOYING, message);
    // Not written yet: the next step, in this pass, writes it with the hook's Job or the update.
    // Should the operator stop in between, the next one starts the same attempt again: Job
    // names are fixed per attempt, so it finds the Job instead of making another.
    r.normal(Reasons.DEPLOY_STARTED, message);
    r.notify(EventType.DEPLOY_STARTED, message, null);
    return Step.PROCEED;
  }

  /**
   * The attempt waits for approval: Ready=False/AwaitingApproval with how to approve; said as an
   * Event and a notification once per version, not at every poll. A refused value of
   * dewy.dev/approve is acknowledged, so it is refused once.
   */
  private Step awaitingApproval(Report r, Outcome.AwaitingApproval u) {
    RolloutState attempt = u.attempt();
    DewyDeploymentStatus s = r.polled(attempt.getVersion());
    boolean fresh = s.getPhase() != Phase.AwaitingApproval || s.getRollout() == null;
    s.setRollout(attempt);
    s.setPhase(Phase.AwaitingApproval);
    Conditions.remove(s.getConditions(), RECONCILING);
    String message = Approvals.awaiting(r.o(), attempt);
    r.ready(FALSE, Reasons.AWAITING_APPROVAL, message);
    if (u.refused() != null) {
      s.setAcknowledgedApproval(u.refused());
    }
    r.save();
    if (fresh) {
      r.normal(Reasons.AWAITING_APPROVAL, message);
      r.notify(
          EventType.APPROVAL_REQUIRED,
          message,
          null,
          attempt.getVersion(),
          attempt.getPreviousVersion());
    }
    if (u.refused() != null) {
      r.warning(Reasons.APPROVAL_REFUSED, Approvals.refusal(r.o(), attempt, u.refused()));
    }
    return Step.waitFor(Approvals.recheck(r.o(), attempt));
  }

  /** The version that awaited approval is not the one to deploy any more; decide afresh. */
  private Step approvalWithdrawn(Report r, Outcome.ApprovalWithdrawn u) {
    DewyDeploymentStatus s = r.status();
    s.setRollout(null);
    s.setPhase(Phase.Idle);
    r.normal(
        Reasons.APPROVAL_WITHDRAWN,
        "%s no longer awaits approval: %s".formatted(u.version(), u.why()));
    return Step.PROCEED;
  }

  /**
   * No approval within spec.approvalTimeout: the attempt ends, nothing deployed, recorded in
   * history; the version is not offered again until it is approved or a newer one appears.
   */
  private Step notApproved(Report r, Outcome.NotApproved u) {
    DewyDeploymentStatus s = r.polled(u.version());
    String message =
        ("%s was not approved within spec.approvalTimeout (%s); nothing was deployed. It is"
                + " offered again when approved (kubectl dewy approve %s %s) or when a newer"
                + " version appears")
            .formatted(
                u.version(),
                r.o().resource().getSpec().getApprovalTimeout(),
                r.o().name(),
                u.version());
    if (u.timedOut()) {
      RolloutState attempt = s.getRollout();
      r.history(DeployResult.NotApproved, message, null);
      meters.deployEnded(DeployResult.NotApproved);
      s.setRollout(null);
      s.setPhase(Phase.Idle);
      Conditions.remove(s.getConditions(), RECONCILING);
      r.ready(FALSE, Reasons.NOT_APPROVED, message);
      r.save();
      r.warning(Reasons.NOT_APPROVED, message);
      r.notify(
          EventType.NOT_APPROVED,
          message,
          null,
          attempt.getVersion(),
          attempt.getPreviousVersion());
    } else {
      r.save();
    }
    return Step.waitFor(r.o().spec().interval());
  }

  private Step hookRunning(Report r, Outcome.HookRunning u) {
    HookRunner.record(r.status(), u.kind(), u.record());
    r.status()
        .setPhase(
            u.kind() == HookKind.BEFORE_DEPLOY ? Phase.RunningBeforeHook : Phase.RunningAfterHook);
    r.save();
    return Step.waitFor(u.recheck());
  }

  private Step hookFinished(Report r, Outcome.HookFinished u) {
    if (u.result() != null) {
      r.hook(u.kind(), u.result(), u.reported());
    }
    r.status().setPhase(Phase.Updating);
    updatedNow(r);
    r.save();
    return Step.PROCEED;
  }

  private Step progressing(Report r, Outcome.Progressing u) {
    r.status().setPhase(Phase.Updating);
    updatedNow(r);
    // Said once per attempt: each step of a rollout would be a write and a watch event, and the
    // workload's own status tells the rest
    boolean said =
        Conditions.find(r.status().getConditions(), RECONCILING)
            .map(c -> Reasons.ROLLING_OUT.equals(c.getReason()))
            .orElse(false);
    if (u.message() != null && !said) {
      r.reconciling(TRUE, Reasons.ROLLING_OUT, u.message());
    }
    r.save();
    return Step.waitFor(u.recheck());
  }

  /**
   * When the workload is updated: recorded with the step before the patch, so it costs no write of
   * its own, and once (a resumed rollout keeps its time). spec.rolloutTimeout counts from it.
   */
  private static void updatedNow(Report r) {
    RolloutState attempt = r.status().getRollout();
    if (attempt.getUpdatedAt() == null) {
      attempt.setUpdatedAt(r.p().now().truncatedTo(ChronoUnit.SECONDS).toString());
    }
  }

  private Step updateHeld(Report r, Outcome.UpdateHeld u) {
    // the rollout has not begun: its timeout counts from the update, after the hold
    r.status().getRollout().setUpdatedAt(null);
    r.reconciling(FALSE, Reasons.SUSPENDED, u.message());
    r.ready(TRUE, Reasons.SUSPENDED, u.message());
    r.save();
    return Step.waitFor(r.o().spec().interval());
  }

  private Step deployed(Report r, Outcome.Deployed u) {
    DewyDeploymentStatus s = r.status();
    RolloutState attempt = s.getRollout();
    if (u.after() != null) {
      r.hook(HookKind.AFTER_DEPLOY, u.after(), u.reported());
    }
    r.history(DeployResult.Succeeded, "deployed " + attempt.getVersion(), u.after());
    meters.deployEnded(DeployResult.Succeeded);
    s.setCurrentVersion(attempt.getVersion());
    s.setCurrentDigest(attempt.getDigest());
    clearTagRepush(s);
    accept(s, attempt.getVersion());
    s.setPhase(Phase.Idle);
    s.setRollout(null);
    s.setRetry(null);
    Conditions.remove(s.getConditions(), RECONCILING);
    boolean afterFailed = u.after() != null && !Boolean.TRUE.equals(u.after().getSucceeded());
    String message =
        afterFailed
            ? "%s is deployed, but the after-deploy hook failed: %s"
                .formatted(attempt.getVersion(), Failures.describe(u.after()))
            : "%s is deployed (was %s)"
                .formatted(attempt.getVersion(), describe(attempt.getPreviousVersion()));
    r.ready(TRUE, afterFailed ? Reasons.AFTER_HOOK_FAILED : Reasons.UP_TO_DATE, message);
    r.save();
    r.normal(Reasons.DEPLOY_SUCCEEDED, message);
    r.notify(
        EventType.DEPLOY_SUCCEEDED,
        message,
        null,
        attempt.getVersion(),
        attempt.getPreviousVersion());
    reports.shipped(r.o(), attempt.getVersion());
    return Step.waitFor(AFTER_DEPLOY);
  }

  private Step aborted(Report r, Outcome.Aborted u) {
    r.hook(HookKind.BEFORE_DEPLOY, u.before(), u.reported());
    String message =
        "before-deploy hook failed for %s: %s; the workload was not changed"
            .formatted(r.status().getRollout().getVersion(), Failures.describe(u.before()));
    return failed(r, FailedAttempt.ABORTED, message);
  }

  private Step rolloutFailed(Report r, Outcome.RolloutFailed u) {
    String message =
        "rollout of %s failed: %s (%s)"
            .formatted(r.status().getRollout().getVersion(), u.message(), u.reason());
    return failed(r, FailedAttempt.ROLLOUT_FAILED, message);
  }

  /**
   * The attempt failed and is undone: what failed is kept in status.rollout.failure, the phase is
   * RollingBack, and the next step puts the previous version back. A failed after hook is recorded
   * as a hook result first, as without a rollback.
   */
  private Step rollingBack(Report r, Outcome.RollingBack u) {
    DewyDeploymentStatus s = r.status();
    RolloutState attempt = s.getRollout();
    if (u.after() != null) {
      r.hook(HookKind.AFTER_DEPLOY, u.after(), u.reported());
    }
    String failure =
        u.after() != null
            ? "its after-deploy hook failed: " + u.message()
            : "its rollout failed: %s (%s)".formatted(u.message(), u.reason());
    attempt.setFailure(failure);
    // the restore is patched next: its rollout, and its timeout, begin now
    attempt.setUpdatedAt(r.p().now().truncatedTo(ChronoUnit.SECONDS).toString());
    s.setPhase(Phase.RollingBack);
    String message =
        "rolling back %s to %s: %s"
            .formatted(attempt.getVersion(), describe(Rollbacks.restoredVersion(attempt)), failure);
    r.reconciling(TRUE, Reasons.ROLLING_BACK, message);
    r.ready(FALSE, Reasons.ROLLING_BACK, message);
    r.save();
    r.warning(Reasons.ROLLING_BACK, message);
    return Step.PROCEED;
  }

  private Step rollbackProgressing(Report r, Outcome.RollbackProgressing u) {
    updatedNow(r);
    r.save();
    return Step.waitFor(u.recheck());
  }

  /**
   * The previous version runs again. History records RolledBack with both versions; the failed
   * version is held back as no back-off would: until a newer one appears or dewy.dev/retry.
   */
  private Step rolledBack(Report r) {
    RolloutState attempt = r.status().getRollout();
    String message =
        "%s was rolled back to %s: %s"
            .formatted(
                attempt.getVersion(),
                describe(Rollbacks.restoredVersion(attempt)),
                attempt.getFailure());
    return rollbackEnded(
        r, DeployResult.RolledBack, Reasons.ROLLED_BACK, EventType.ROLLED_BACK, message);
  }

  private Step rollbackFailed(Report r, Outcome.RollbackFailed u) {
    RolloutState attempt = r.status().getRollout();
    String message =
        "%s failed (%s), and the rollback to %s did not roll out either: %s (%s)"
            .formatted(
                attempt.getVersion(),
                attempt.getFailure(),
                describe(Rollbacks.restoredVersion(attempt)),
                u.message(),
                u.reason());
    return rollbackEnded(
        r, DeployResult.Failed, Reasons.ROLLBACK_FAILED, EventType.ROLLBACK_FAILED, message);
  }

  /**
   * A rollback ended, its restore rolled out or not: the template runs the restored version, which
   * counts as deployed, and the failed one waits for a newer version or dewy.dev/retry.
   */
  private Step rollbackEnded(
      Report r, DeployResult result, String reason, EventType type, String message) {
    DewyDeploymentStatus s = r.status();
    RolloutState attempt = s.getRollout();
    String restored = Rollbacks.restoredVersion(attempt);
    r.history(
        result, message, r.o().hookOf(s.getHooks(), HookKind.AFTER_DEPLOY, attempt).orElse(null));
    meters.deployEnded(result);
    RetryState retry =
        Backoff.recordFailure(
            s.getRetry(), attempt.getVersion(), r.p().now(), r.o().spec().interval());
    retry.setRolledBack(true);
    retry.setAcknowledgedRequest(RolloutMachine.retryRequest(r.o()));
    s.setRetry(retry);
    s.setCurrentVersion(restored);
    s.setCurrentDigest(Rollbacks.restoredDigest(attempt));
    accept(s, restored);
    s.setPhase(Phase.Failed);
    s.setRollout(null);
    Conditions.remove(s.getConditions(), RECONCILING);
    String full = message + "; " + notRetried(attempt.getVersion());
    r.ready(FALSE, reason, full);
    r.save();
    r.warning(reason, full);
    r.notify(type, full, null, attempt.getVersion(), restored);
    return Step.waitFor(r.o().spec().interval());
  }

  /**
   * The newest version is the rolled-back one: Ready keeps saying so (reworded only when something
   * else was said in between, so an unchanged poll writes nothing).
   */
  private Step keptRolledBack(Report r, Outcome.KeptRolledBack u) {
    DewyDeploymentStatus s = r.polled(u.version());
    boolean saysSo =
        Conditions.find(s.getConditions(), READY)
            .map(
                c ->
                    FALSE.equals(c.getStatus())
                        && (Reasons.ROLLED_BACK.equals(c.getReason())
                            || Reasons.ROLLBACK_FAILED.equals(c.getReason())))
            .orElse(false);
    if (!saysSo) {
      r.ready(
          FALSE,
          Reasons.ROLLED_BACK,
          "%s was rolled back (runs %s); %s"
              .formatted(u.version(), describe(s.getCurrentVersion()), notRetried(u.version())));
    }
    r.save();
    return Step.waitFor(r.o().spec().interval());
  }

  private static String notRetried(String version) {
    return ("%s is not tried again until a newer version appears or the annotation %s gets a new"
            + " value")
        .formatted(version, Labels.RETRY);
  }

  /** How an attempt can fail, with everything each failure is called. */
  private enum FailedAttempt {
    ABORTED(
        DeployResult.Aborted,
        Reasons.BEFORE_HOOK_FAILED,
        Reasons.DEPLOY_ABORTED,
        EventType.DEPLOY_ABORTED),
    ROLLOUT_FAILED(
        DeployResult.Failed,
        Reasons.ROLLOUT_FAILED,
        Reasons.DEPLOY_FAILED,
        EventType.DEPLOY_FAILED);

    final DeployResult result;
    final String readyReason;
    final String eventReason;
    final EventType notification;

    FailedAttempt(DeployResult result, String readyReason, String eventReason, EventType type) {
      this.result = result;
      this.readyReason = readyReason;
      this.eventReason = eventReason;
      this.notification = type;
    }
  }

  private Step failed(Report r, FailedAttempt how, String message) {
    DewyDeploymentStatus s = r.status();
    RolloutState attempt = s.getRollout();
    r.history(how.result, message, null);
    meters.deployEnded(how.result);
    s.setRetry(
        Backoff.recordFailure(
            s.getRetry(), attempt.getVersion(), r.p().now(), r.o().spec().interval()));
    s.getRetry().setAcknowledgedRequest(RolloutMachine.retryRequest(r.o()));
    s.setPhase(Phase.Failed);
    s.setRollout(null);
    if (how == FailedAttempt.ROLLOUT_FAILED) {
      // the template carries the new version, though its pods are not all there
      s.setCurrentVersion(attempt.getVersion());
      s.setCurrentDigest(attempt.getDigest());
      accept(s, attempt.getVersion());
    }
    String full = message + "; next attempt after " + s.getRetry().getNotBefore();
    r.reconciling(
        TRUE, Reasons.RETRYING, retrying(attempt.getVersion(), s.getRetry().getNotBefore()));
    r.ready(FALSE, how.readyReason, full);
    r.save();
    r.warning(how.eventReason, full);
    r.notify(how.notification, full, null, attempt.getVersion(), attempt.getPreviousVersion());
    Duration wait = Backoff.remaining(s.getRetry(), attempt.getVersion(), r.p().now());
    return Step.waitFor(untilNextPoll(wait, r));
  }

  private Step blocked(Report r, Outcome.Blocked u) {
    if (Reasons.NO_MATCHING_VERSION.equals(u.reason())) {
      r.p().polled();
    }
    r.ready(FALSE, u.reason(), u.message());
    r.save();
    r.warning(u.reason(), u.message());
    if (Reasons.REGISTRY_ERROR.equals(u.reason())) {
      r.notify(EventType.REGISTRY_ERROR, u.message(), null);
    }
    return Step.waitFor(u.retry().isNegative() ? Duration.ZERO : u.retry());
  }

  private Step stalled(Report r, Outcome.Stalled u) {
    Conditions.set(
        r.status().getConditions(),
        STALLED,
        TRUE,
        Reasons.INVALID_SPEC,
        u.message(),
        r.p().stored().getMetadata().getGeneration(),
        r.p().now());
    Conditions.remove(r.status().getConditions(), RECONCILING);
    r.ready(FALSE, Reasons.INVALID_SPEC, u.message());
    r.save();
    r.warning(Reasons.INVALID_SPEC, u.message());
    r.notify(EventType.CONFIG_ERROR, u.message(), null);
    return Step.UNTIL_SPEC_CHANGES;
  }

  /** A back-off holds one version back, not polling: a newer version must be seen in time. */
  private static Duration untilNextPoll(Duration backoff, Report r) {
    Duration interval = r.o().spec().interval();
    return backoff.compareTo(interval) < 0 ? backoff : interval;
  }

  /** While a back-off runs: when the next attempt starts, and how to start it sooner. */
  private static String retrying(String version, Object notBefore) {
    return ("the last attempt at %s failed; the next starts after %s (or now, on a new value of"
            + " the annotation %s)")
        .formatted(version, notBefore, Labels.RETRY);
  }

  static String describe(String version) {
    return version == null ? "no known version" : version;
  }
}
