package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.DewyDeploymentStatus;
import dev.dewy.operator.api.v1alpha1.HookResult;
import dev.dewy.operator.api.v1alpha1.RolloutState;
import dev.dewy.operator.metrics.DeployMeters;
import dev.dewy.operator.notify.EventType;
import dev.dewy.operator.notify.NotifierUrl;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ways {@link StatusRecorder} records one outcome of one pass: conditions, hook results and
 * history into the pass's status, the status write, Events, notifications and log lines.
 */
final class Report {
  private static final Logger log = LoggerFactory.getLogger(RolloutMachine.class);

  private final Pass p;
  private final Observation o;
  private final DeployEvents events;
  private final DeployNotifier notifier;
  private final DeployMeters meters;

  Report(Pass p, Observation o, DeployEvents events, DeployNotifier notifier, DeployMeters meters) {
    this.p = p;
    this.o = o;
    this.events = events;
    this.notifier = notifier;
    this.meters = meters;
  }

  Pass p() {
    return p;
  }

  Observation o() {
    return o;
  }

  DewyDeploymentStatus status() {
    return p.status();
  }

  private DewyDeployment resource() {
    return p.stored();
  }

  /** The registry was read and offers {@code latest}. */
  DewyDeploymentStatus polled(String latest) {
    DewyDeploymentStatus s = status();
    p.polled();
    s.setLatestVersion(latest);
    return s;
  }

  void ready(String status, String reason, String message) {
    condition(Conditions.READY, status, reason, message);
  }

  void reconciling(String status, String reason, String message) {
    condition(Conditions.RECONCILING, status, reason, message);
  }

  void condition(String type, String status, String reason, String message) {
    Conditions.set(
        status().getConditions(),
        type,
        status,
        reason,
        message,
        resource().getMetadata().getGeneration(),
        p.now());
  }

  /**
   * Writes the status if it changed. A write kube-apiserver refuses as invalid is logged and
   * evented, not retried: the same status would be refused again.
   */
  void save() {
    try {
      p.save();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 422) {
        throw e;
      }
      String message =
          "kube-apiserver refused the status write: "
              + (e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage());
      log.atWarn()
          .addKeyValue("namespace", resource().getMetadata().getNamespace())
          .addKeyValue("name", resource().getMetadata().getName())
          .addKeyValue("error", message)
          .log("Status write refused");
      warning(Reasons.STATUS_REJECTED, message);
    }
  }

  /**
   * Stores a hook's result; reports it (log, event, notification, metrics) unless it was before.
   */
  void hook(HookKind kind, HookResult result, boolean reported) {
    HookRunner.record(status(), kind, result);
    if (reported) {
      return;
    }
    HookLogLine.log(
        log,
        resource().getMetadata().getNamespace(),
        resource().getMetadata().getName(),
        kind,
        result);
    boolean ok = Boolean.TRUE.equals(result.getSucceeded());
    meters.hookRan(kind.label(), ok, HookResults.took(result));
    String message =
        "%s hook %s for %s: %s"
            .formatted(
                kind.label(),
                ok ? "succeeded" : "failed",
                result.getVersion(),
                Failures.describe(result));
    boolean before = kind == HookKind.BEFORE_DEPLOY;
    if (ok) {
      normal(before ? Reasons.BEFORE_HOOK_SUCCEEDED : Reasons.AFTER_HOOK_SUCCEEDED, message);
    } else {
      warning(before ? Reasons.BEFORE_HOOK_FAILED : Reasons.AFTER_HOOK_FAILED, message);
    }
    EventType type =
        before
            ? (ok ? EventType.BEFORE_HOOK_SUCCEEDED : EventType.BEFORE_HOOK_FAILED)
            : (ok ? EventType.AFTER_HOOK_SUCCEEDED : EventType.AFTER_HOOK_FAILED);
    notify(type, message, result);
  }

  /** Adds the attempt in progress to history, with the hook results of this attempt only. */
  void history(DeployResult result, String message, HookResult after) {
    RolloutState attempt = status().getRollout();
    HookResult before = o.hookOf(status().getHooks(), HookKind.BEFORE_DEPLOY, attempt).orElse(null);
    status()
        .setHistory(
            History.record(
                status().getHistory(),
                History.entry(attempt, result, message, p.now(), before, after),
                resource().getSpec().getHistoryLimit()));
  }

  void normal(String reason, String message) {
    events.normal(resource(), reason, message);
  }

  void warning(String reason, String message) {
    events.warning(resource(), reason, message);
  }

  /** Errors are over: the next one is sent again (Dewy's throttle). */
  void resolved() {
    notifier.resolved(resource());
  }

  void notify(EventType type, String message, HookResult hook) {
    RolloutState attempt = status().getRollout();
    String version = attempt != null ? attempt.getVersion() : status().getLatestVersion();
    String previous = attempt != null ? attempt.getPreviousVersion() : status().getCurrentVersion();
    notify(type, message, hook, version, previous);
  }

  void notify(EventType type, String message, HookResult hook, String version, String previous) {
    notifier.send(p.secrets(), resource(), notifierUrl(), type, version, previous, message, hook);
  }

  /** A spec that failed its check was not parsed; its notifier on its own may still work. */
  private Optional<NotifierUrl> notifierUrl() {
    if (o != null) {
      return o.spec().notifier();
    }
    var spec = resource().getSpec();
    return spec == null ? Optional.empty() : SpecCheck.notifier(spec.getNotifier());
  }
}
