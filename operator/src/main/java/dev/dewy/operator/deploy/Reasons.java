package dev.dewy.operator.deploy;

/**
 * Every condition reason and event reason the operator writes, in one place, CamelCase as
 * Kubernetes expects, so users can match on them ({@code kubectl wait --for=condition=Ready}) and
 * alerts can key on them. Some are both: a failed before-deploy hook is Ready=False with reason
 * BeforeHookFailed and a Warning event of that reason.
 */
public final class Reasons {
  /** Ready=True: the workload runs the newest version the policy allows. */
  public static final String UP_TO_DATE = "UpToDate";

  /** Reconciling=True: a deploy is under way. */
  public static final String DEPLOYING = "Deploying";

  /**
   * Reconciling=True: the workload is updated and rolling out; the message is what {@code kubectl
   * rollout status} first said it waits for.
   */
  public static final String ROLLING_OUT = "RollingOut";

  /** The before-deploy hook ran and failed; the workload was not touched. */
  public static final String BEFORE_HOOK_FAILED = "BeforeHookFailed";

  /** The after-deploy hook failed; the deploy still counts. */
  public static final String AFTER_HOOK_FAILED = "AfterHookFailed";

  /** The workload was updated but its rollout did not complete. */
  public static final String ROLLOUT_FAILED = "RolloutFailed";

  /**
   * Reconciling=True, and a Warning event: the rollout (or the after-deploy hook, with
   * rollbackOnFailure) failed and the previous version is being restored (spec.rollback: auto).
   */
  public static final String ROLLING_BACK = "RollingBack";

  /**
   * Ready=False, a Warning event and a history result: the previous version was restored and runs;
   * the failed version is not tried again until a newer one appears or dewy.dev/retry is set.
   */
  public static final String ROLLED_BACK = "RolledBack";

  /** Ready=False, and a Warning event: restoring the previous version did not roll out either. */
  public static final String ROLLBACK_FAILED = "RollbackFailed";

  /** A rollout failure: the pods were not all updated and ready within spec.rolloutTimeout. */
  public static final String ROLLOUT_TIMEOUT = "RolloutTimeout";

  /**
   * A rollout failure of a volume deploy: the fetch init container refused the release (a checksum
   * mismatch, a corrupt archive, no executable, ...); the previous artifact is put back.
   */
  public static final String FETCH_FAILED = "FetchFailed";

  /** Stalled: the spec cannot work as written. */
  public static final String INVALID_SPEC = "InvalidSpec";

  /** The target workload or its container does not exist. */
  public static final String TARGET_NOT_FOUND = "TargetNotFound";

  /** The registry could not be asked (network, auth, bad response). */
  public static final String REGISTRY_ERROR = "RegistryError";

  /** The shipping report to the registry failed; the deploy stands (a Warning, never Failed). */
  public static final String REPORT_FAILED = "ReportFailed";

  /** The registry answered, but no version fits the policy. */
  public static final String NO_MATCHING_VERSION = "NoMatchingVersion";

  /** spec.suspend is true: polling and reporting only. */
  public static final String SUSPENDED = "Suspended";

  /** A Secret named in the spec does not exist or lacks a key. */
  public static final String SECRET_NOT_FOUND = "SecretNotFound";

  /**
   * NotifierReady=False: spec.notifier or spec.notifierSecret is wrong; deploys go on without it.
   */
  public static final String NOTIFIER_ERROR = "NotifierError";

  /**
   * Reconciling=True while a failed attempt waits out its back-off (Flux's reason), so tools that
   * read kstatus see the resource in progress, not failed.
   */
  public static final String RETRYING = "ProgressingWithRetry";

  /** The target workload is claimed by another DewyDeployment. */
  public static final String TARGET_CLAIMED = "TargetClaimed";

  /**
   * Drifted=True, and a Warning event: the target container's image was changed by someone other
   * than dewy-operator (the message names the field manager and the version).
   */
  public static final String MANUAL_CHANGE = "ManualChange";

  /**
   * Ready=False: someone set the workload to an older version than dewy-operator deployed
   * (spec.onManualChange: hold); nothing is deployed until spec.version is set or the annotation
   * dewy.dev/resume gets a new value.
   */
  public static final String HELD_AFTER_MANUAL_CHANGE = "HeldAfterManualChange";

  /**
   * Ready=True, and a Normal event: the workload runs a version newer than the newest the registry
   * offers under the policy, so nothing is deployed (no downgrade without spec.version or
   * spec.allowDowngrade).
   */
  public static final String NEWER_THAN_REGISTRY = "NewerThanRegistry";

  /**
   * Ready=False, and the phase: a new version waits for approval (spec.approval: manual); also the
   * Normal event saying so, once per version.
   */
  public static final String AWAITING_APPROVAL = "AwaitingApproval";

  /** Ready=False, and a history result: no one approved the version within approvalTimeout. */
  public static final String NOT_APPROVED = "NotApproved";

  /**
   * TagRepushed=True, and a Warning event once per new digest: the tag the workload runs was pushed
   * again, so the registry names another digest than the template's (spec.onTagRepush says what
   * follows).
   */
  public static final String TAG_REPUSHED = "TagRepushed";

  /** Ready=False: a pass failed unexpectedly (the message says how); it is retried. */
  public static final String RECONCILE_ERROR = "ReconcileError";

  // Event reasons beyond the condition reasons above.

  /** Event: an attempt at a new version began. */
  public static final String DEPLOY_STARTED = "DeployStarted";

  /** Event: the new version runs. */
  public static final String DEPLOY_SUCCEEDED = "DeploySucceeded";

  /** Event: the before-deploy hook failed; the workload was not touched. */
  public static final String DEPLOY_ABORTED = "DeployAborted";

  /** Event: the rollout did not complete. */
  public static final String DEPLOY_FAILED = "DeployFailed";

  /** Event: the before-deploy hook succeeded. */
  public static final String BEFORE_HOOK_SUCCEEDED = "BeforeHookSucceeded";

  /** Event: the after-deploy hook succeeded. */
  public static final String AFTER_HOOK_SUCCEEDED = "AfterHookSucceeded";

  /** Event: the version awaiting approval was approved; its attempt begins. */
  public static final String APPROVED = "Approved";

  /** Event (Warning): dewy.dev/approve names a version other than the one awaiting approval. */
  public static final String APPROVAL_REFUSED = "ApprovalRefused";

  /** Event: the version that awaited approval is no longer the one to deploy (a newer one is). */
  public static final String APPROVAL_WITHDRAWN = "ApprovalWithdrawn";

  /** Event: a hold after a manual change ended (spec.version or dewy.dev/resume). */
  public static final String RESUMED = "Resumed";

  /** Event: kube-apiserver refused a status write (its message says why); it is not retried. */
  public static final String STATUS_REJECTED = "StatusRejected";

  private Reasons() {}
}
