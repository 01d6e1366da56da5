package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.DewyDeploymentStatus;
import dev.dewy.operator.api.v1alpha1.HookResult;
import dev.dewy.operator.api.v1alpha1.Phase;
import dev.dewy.operator.api.v1alpha1.RolloutState;
import dev.dewy.operator.api.v1alpha1.TagRepush;
import dev.dewy.operator.api.v1alpha1.TagRepushPolicy;
import dev.dewy.operator.registry.ImageRegistryUrl;
import dev.dewy.operator.version.Selection;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The deployment flow of design.md as a state machine whose state is status.phase: poll, run the
 * before-deploy hook, update the workload, run the after-deploy hook. A pass observes, then each
 * phase decides an {@link Outcome}, which {@link StatusRecorder} records before the next phase
 * acts; so any pass can be the first after a restart.
 */
final class RolloutMachine {
  /**
   * Blocks on an object that is not there yet: a target workload or a Secret. One {@code kubectl
   * apply -f} of a file that lists the DewyDeployment first creates it a moment before the objects
   * it names, and neither kind is watched until claimed, so waiting a whole interval (which can be
   * hours) would leave the first deploy that long behind.
   */
  private static final Set<String> AWAITS_AN_OBJECT =
      Set.of(Reasons.TARGET_NOT_FOUND, Reasons.SECRET_NOT_FOUND);

  /** The first look again after a missing object, before the backoff grows. */
  static final Duration FIRST_LOOK_AGAIN = Duration.ofSeconds(5);

  private final NewestVersion versions;
  private final HookRunner hooks;
  private final StatusRecorder recorder;

  RolloutMachine(NewestVersion versions, HookRunner hooks, StatusRecorder recorder) {
    this.versions = versions;
    this.hooks = hooks;
    this.recorder = recorder;
  }

  /** Runs phases until one waits for something; returns how long until the next look. */
  StatusRecorder.Step run(Pass pass) {
    Observation o = null;
    Outcome outcome;
    try {
      o = Observer.observe(pass);
      recorder.notifierReadiness(pass, o);
      outcome = next(o, pass.status());
    } catch (InvalidSpecException e) {
      outcome = new Outcome.Stalled(e.getMessage());
    } catch (BlockedException e) {
      outcome = blocked(e, pass);
    }
    while (true) {
      StatusRecorder.Step step = recorder.record(pass, o, outcome);
      if (!step.proceed()) {
        return step;
      }
      try {
        outcome = next(o, pass.status());
      } catch (InvalidSpecException e) {
        outcome = new Outcome.Stalled(e.getMessage());
      } catch (BlockedException e) {
        outcome = blocked(e, pass);
      }
    }
  }

  private static Outcome blocked(BlockedException e, Pass pass) {
    Duration interval = DewyDeploymentReconciler.interval(pass.stored());
    Duration retry =
        e.retryAfter()
            .orElseGet(
                () ->
                    AWAITS_AN_OBJECT.contains(e.reason())
                        ? awaitingRetry(e.reason(), pass.status(), pass.now(), interval)
                        : interval);
    return new Outcome.Blocked(e.reason(), e.getMessage(), retry);
  }

  /**
   * When to look again for a missing object: after as long as it has been missing (so the looks
   * come at 5, 10, 20, 40 s...), from {@link #FIRST_LOOK_AGAIN} up to the poll interval. How long
   * is read from Ready's lastTransitionTime while Ready is False for this reason, so it needs no
   * state of its own and survives a restart.
   */
  static Duration awaitingRetry(
      String reason, DewyDeploymentStatus s, Instant now, Duration interval) {
    Duration missing =
        Conditions.find(s.getConditions(), Conditions.READY)
            .filter(c -> "False".equals(c.getStatus()) && reason.equals(c.getReason()))
            .map(c -> Duration.between(Instant.parse(c.getLastTransitionTime()), now))
            .orElse(Duration.ZERO);
    Duration floor = FIRST_LOOK_AGAIN.compareTo(interval) < 0 ? FIRST_LOOK_AGAIN : interval;
    Duration capped = missing.compareTo(interval) < 0 ? missing : interval;
    return capped.compareTo(floor) < 0 ? floor : capped;
  }

  /** The decision of the phase the status is in. */
  Outcome next(Observation o, DewyDeploymentStatus s) {
    Phase phase = s.getPhase();
    if (phase == null || s.getRollout() == null) {
      return idle(o, s);
    }
    return switch (phase) {
      case AwaitingApproval -> awaitingApproval(o, s);
      case RunningBeforeHook -> beforeHook(o, s);
      case Updating -> updating(o, s);
      case RunningAfterHook -> afterHook(o, s);
      case RollingBack -> rollingBack(o, s);
      case Idle, Failed -> idle(o, s);
    };
  }

  /**
   * Step 1: see whether someone else changed the template, poll, and start an attempt when the
   * registry has a version the workload lacks; never a silent downgrade.
   */
  private Outcome idle(Observation o, DewyDeploymentStatus s) {
    WorkloadUpdater.removeStaleInitContainer(o);
    var manual = ManualChanges.decide(o, s);
    if (manual.isPresent() && manual.get() instanceof Outcome.Held held) {
      return new Outcome.Held(held.change(), held.deployed(), newestIfKnown(o));
    }
    if (manual.isPresent()) {
      return manual.get();
    }
    Selection.Found newest = versions.newest(o);
    String current = o.running();
    if (Versions.same(o.spec().policy(), current, newest.tag())
        && !Backoff.failedBefore(s.getRetry(), newest.tag())) {
      return tagRepushed(o, s, current, newest.tag())
          .orElseGet(() -> new Outcome.UpToDate(newest.tag()));
    }
    if (o.spec().policy().pin() == null
        && !Boolean.TRUE.equals(o.resource().getSpec().getAllowDowngrade())
        && Versions.newer(o.spec().policy(), current, newest.tag())) {
      return new Outcome.NewerThanRegistry(current, newest.tag());
    }
    if (Boolean.TRUE.equals(o.resource().getSpec().getSuspend())) {
      return new Outcome.Suspended(newest.tag());
    }
    if (Backoff.rolledBack(s.getRetry(), newest.tag()) && !retryRequested(o, s)) {
      return new Outcome.KeptRolledBack(newest.tag());
    }
    if (!Backoff.allows(s.getRetry(), newest.tag(), o.now()) && !retryRequested(o, s)) {
      return new Outcome.WaitingToRetry(newest.tag(), Instant.parse(s.getRetry().getNotBefore()));
    }
    boolean gated = Approvals.required(o);
    if (gated && Approvals.refusedBefore(o, s, newest.tag())) {
      return new Outcome.NotApproved(newest.tag(), false);
    }
    String digest = versions.digest(o, newest.tag()).orElse(null);
    // a retry of a redeploy after a re-push: the same version, other content
    String replaced =
        Versions.same(o.spec().policy(), current, newest.tag())
                && o.runningDigest() != null
                && !o.runningDigest().equals(digest)
            ? o.runningDigest()
            : null;
    Outcome.Started started = start(o, s, newest.tag(), digest, replaced);
    return gated ? Approvals.decide(o, s, started.attempt()) : started;
  }

  /**
   * The registry's newest while deploys are held, so status.latestVersion still tells what waits;
   * null when the registry cannot say now (the hold is what matters, not the registry's error).
   */
  private String newestIfKnown(Observation o) {
    try {
      return versions.newest(o).tag();
    } catch (BlockedException e) {
      return null;
    }
  }

  /**
   * An attempt at {@code version}, pinned to {@code digest} when the registry has one; {@code
   * replaces}: the digest of the same version that a redeploy of a re-pushed tag replaces.
   */
  private static Outcome.Started start(
      Observation o, DewyDeploymentStatus s, String version, String digest, String replaces) {
    String current = o.running();
    RolloutState attempt = new RolloutState();
    attempt.setVersion(version);
    attempt.setPreviousVersion(History.startingPoint(s.getHistory(), current));
    attempt.setAttempt(Backoff.nextAttempt(s.getRetry(), version));
    attempt.setStartedAt(o.now().toString());
    attempt.setDigest(digest);
    attempt.setReplacesDigest(replaces);
    Rollbacks.remember(o, attempt);
    // a volume deploy changes the artifact, not the image: hooks run the image as it is
    attempt.setImage(
        o.spec().registry() instanceof ImageRegistryUrl
            ? ImageReference.parse(o.container().getImage(), "spec.target.container")
                .withTag(version)
                .withDigest(digest)
                .toString()
            : o.container().getImage());
    return new Outcome.Started(attempt);
  }

  /**
   * Step 1a (spec.approval: manual): the attempt waits for dewy.dev/approve to name its version.
   * The registry is still polled: when the newest version is another, this attempt is withdrawn and
   * the pass decides afresh (a newer version then awaits approval in its place).
   */
  private Outcome awaitingApproval(Observation o, DewyDeploymentStatus s) {
    RolloutState attempt = s.getRollout();
    if (Boolean.TRUE.equals(o.resource().getSpec().getSuspend())) {
      return new Outcome.ApprovalWithdrawn(
          attempt.getVersion(), "deploys are suspended (spec.suspend: true)");
    }
    Selection.Found newest = versions.newest(o);
    if (!newest.tag().equals(attempt.getVersion())) {
      return new Outcome.ApprovalWithdrawn(
          attempt.getVersion(), "the newest version under the policy is now " + newest.tag());
    }
    if (!Approvals.required(o)) {
      String why =
          o.spec().policy().pin() != null
              ? "spec.version, a pin"
              : "spec.approval, no longer manual";
      return new Outcome.Started(attempt, why);
    }
    return Approvals.decide(o, s, attempt);
  }

  /**
   * Whether the tag the workload runs names other content than the template's digest: reported
   * first, then (spec.onTagRepush: redeploy, not suspended) deployed. A template without a digest
   * runs its tag, whatever the tag names: nothing to compare.
   */
  private Optional<Outcome> tagRepushed(
      Observation o, DewyDeploymentStatus s, String running, String latest) {
    String deployed = o.runningDigest();
    if (deployed == null) {
      return Optional.empty();
    }
    String now = versions.digest(o, running).orElse(null);
    if (now == null || now.equals(deployed)) {
      return Optional.empty();
    }
    boolean redeploy =
        o.resource().getSpec().getOnTagRepush() == TagRepushPolicy.redeploy
            && !Boolean.TRUE.equals(o.resource().getSpec().getSuspend());
    TagRepush known = s.getTagRepush();
    boolean reported =
        known != null && now.equals(known.getRegistryDigest()) && running.equals(known.getTag());
    if (redeploy && reported) {
      return Optional.of(start(o, s, running, now, deployed));
    }
    return Optional.of(new Outcome.TagRepushed(running, deployed, now, latest, redeploy));
  }

  /** Whether the user asked for the next attempt now, with a new value of dewy.dev/retry. */
  private static boolean retryRequested(Observation o, DewyDeploymentStatus s) {
    String request = retryRequest(o);
    return request != null && !request.equals(s.getRetry().getAcknowledgedRequest());
  }

  static String retryRequest(Observation o) {
    return ManualChanges.annotation(o, Labels.RETRY);
  }

  /** Step 2: the before-deploy hook; a failure aborts the attempt with the workload untouched. */
  private Outcome beforeHook(Observation o, DewyDeploymentStatus s) {
    if (HookKind.BEFORE_DEPLOY.spec(o.resource()).isEmpty()) {
      return new Outcome.HookFinished(HookKind.BEFORE_DEPLOY, null, true);
    }
    HookRunner.Progress progress = hooks.advance(o, s, HookKind.BEFORE_DEPLOY);
    if (progress instanceof HookRunner.Progress.Running running) {
      return new Outcome.HookRunning(
          HookKind.BEFORE_DEPLOY,
          running.record(),
          HookRunner.outputCheckPeriod(o.spec().beforeHookTimeout()));
    }
    HookRunner.Progress.Finished finished = (HookRunner.Progress.Finished) progress;
    HookResult result = finished.result();
    return Boolean.TRUE.equals(result.getSucceeded())
        ? new Outcome.HookFinished(HookKind.BEFORE_DEPLOY, result, finished.reported())
        : new Outcome.Aborted(result, finished.reported());
  }

  /** Step 3: patch the workload and follow its rollout; when it completes, the after hook. */
  private Outcome updating(Observation o, DewyDeploymentStatus s) {
    RolloutState attempt = s.getRollout();
    boolean applied = WorkloadUpdater.isApplied(o, attempt);
    if (!applied) {
      var changed = ManualChanges.duringDeploy(o, attempt);
      if (changed.isPresent()) {
        return new Outcome.ChangedDuringDeploy(changed.get());
      }
    }
    if (Boolean.TRUE.equals(o.resource().getSpec().getSuspend()) && !applied) {
      return new Outcome.UpdateHeld(
          "%s is ready to deploy (runs %s) but waits: deploys are suspended (spec.suspend: true)"
              .formatted(
                  attempt.getVersion(), StatusRecorder.describe(attempt.getPreviousVersion())));
    }
    HasMetadata workload = WorkloadUpdater.apply(o, attempt);
    RolloutStatus rollout = Rollbacks.judge(o, workload, attempt, false);
    boolean volume = WorkloadUpdater.volume(o).isPresent();
    if (volume && rollout instanceof RolloutStatus.InProgress) {
      Optional<RolloutStatus.Failed> refused =
          FetchFailures.find(o, workload, attempt.getVersion());
      if (refused.isPresent()) {
        rollout = refused.get();
      }
    }
    if (rollout instanceof RolloutStatus.Failed failed) {
      return Rollbacks.onFailedRollout(o, attempt, failed.reason())
          ? new Outcome.RollingBack(failed.reason(), failed.message(), null, false)
          : new Outcome.RolloutFailed(failed.reason(), failed.message());
    }
    if (rollout instanceof RolloutStatus.InProgress progress) {
      Duration recheck = Rollbacks.recheck(o, attempt);
      // kubectl rollout status's words: where the rollout stands is worth a row in get -w; the
      // moment before the controller has seen the patch is not
      return new Outcome.Progressing(
          progress.observed() ? progress.message() : null,
          volume ? FetchFailures.recheck(recheck) : recheck);
    }
    return afterHook(o, s);
  }

  /**
   * Step 3b (spec.rollback: auto, or a failed after hook with rollbackOnFailure): the previous
   * version is put back and followed as any rollout; the after hook does not run.
   */
  private Outcome rollingBack(Observation o, DewyDeploymentStatus s) {
    RolloutState attempt = s.getRollout();
    RolloutStatus rollout = Rollbacks.judge(o, Rollbacks.restore(o, attempt), attempt, true);
    if (rollout instanceof RolloutStatus.Failed failed) {
      return new Outcome.RollbackFailed(failed.reason(), failed.message());
    }
    if (rollout instanceof RolloutStatus.InProgress) {
      return new Outcome.RollbackProgressing(Rollbacks.recheck(o, attempt));
    }
    return new Outcome.RolledBack();
  }

  /** Step 4: the after-deploy hook; a failure is reported but the deploy stands. */
  private Outcome afterHook(Observation o, DewyDeploymentStatus s) {
    if (HookKind.AFTER_DEPLOY.spec(o.resource()).isEmpty()) {
      return new Outcome.Deployed(null, true);
    }
    HookRunner.Progress progress = hooks.advance(o, s, HookKind.AFTER_DEPLOY);
    if (progress instanceof HookRunner.Progress.Running running) {
      return new Outcome.HookRunning(
          HookKind.AFTER_DEPLOY,
          running.record(),
          HookRunner.outputCheckPeriod(o.spec().afterHookTimeout()));
    }
    HookRunner.Progress.Finished finished = (HookRunner.Progress.Finished) progress;
    HookResult result = finished.result();
    if (!Boolean.TRUE.equals(result.getSucceeded())
        && Rollbacks.onFailedAfterHook(o, s.getRollout())) {
      return new Outcome.RollingBack(
          Reasons.AFTER_HOOK_FAILED, Failures.describe(result), result, finished.reported());
    }
    return new Outcome.Deployed(result, finished.reported());
  }
}
