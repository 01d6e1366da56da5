package dev.dewy.operator.notify;

/** The moments of a rollout that Dewy reports, each with the severity a person would give it. */
public enum EventType {
  DEPLOY_STARTED(Severity.SUCCESS),
  BEFORE_HOOK_SUCCEEDED(Severity.SUCCESS),
  BEFORE_HOOK_FAILED(Severity.FAILURE),
  AFTER_HOOK_SUCCEEDED(Severity.SUCCESS),
  // The deploy still counts as successful when the after-hook fails, as in Dewy.
  AFTER_HOOK_FAILED(Severity.WARNING),
  DEPLOY_SUCCEEDED(Severity.SUCCESS),
  DEPLOY_ABORTED(Severity.FAILURE),
  DEPLOY_FAILED(Severity.FAILURE),
  // The rollout failed and the previous version was restored: the failure is the news.
  ROLLED_BACK(Severity.FAILURE),
  // The rollout failed and restoring the previous version failed too.
  ROLLBACK_FAILED(Severity.FAILURE),
  // Someone else changed the workload's image; a warning: nothing failed, but a person should know.
  MANUAL_CHANGE(Severity.WARNING),
  // A version waits for a person to approve it (spec.approval: manual).
  APPROVAL_REQUIRED(Severity.WARNING),
  // No one approved the version within spec.approvalTimeout; nothing was deployed.
  NOT_APPROVED(Severity.WARNING),
  // The tag the workload runs names new content in the registry; a warning, like a manual change.
  TAG_REPUSHED(Severity.WARNING),
  REGISTRY_ERROR(Severity.FAILURE),
  CONFIG_ERROR(Severity.FAILURE);

  private final Severity severity;

  EventType(Severity severity) {
    this.severity = severity;
  }

  public Severity severity() {
    return severity;
  }

  /** "before-deploy" or "after-deploy" for hook events, empty otherwise. */
  public String hookName() {
    return switch (this) {
      case BEFORE_HOOK_SUCCEEDED, BEFORE_HOOK_FAILED -> "before-deploy";
      case AFTER_HOOK_SUCCEEDED, AFTER_HOOK_FAILED -> "after-deploy";
      default -> "";
    };
  }
}
