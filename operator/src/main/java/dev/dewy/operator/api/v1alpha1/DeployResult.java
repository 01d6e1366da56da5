package dev.dewy.operator.api.v1alpha1;

/** How one deploy attempt ended. */
public enum DeployResult {
  /** The workload runs the new version (an after-deploy hook may still have failed). */
  Succeeded,
  /** The before-deploy hook failed; the workload was not touched. */
  Aborted,
  /** The workload was updated but its rollout did not complete. */
  Failed,
  /**
   * The rollout failed (or the after-deploy hook, with rollbackOnFailure), and the previous version
   * was restored and rolled out again.
   */
  RolledBack,
  /**
   * Someone else changed the workload's image during the rollout (kubectl set image, kubectl
   * rollout undo); the operator stopped, and the change is handled as any manual change.
   */
  Interrupted,
  /** The version waited for approval (spec.approval: manual) past spec.approvalTimeout. */
  NotApproved
}
