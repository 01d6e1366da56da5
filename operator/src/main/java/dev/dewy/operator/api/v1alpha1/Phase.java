package dev.dewy.operator.api.v1alpha1;

/** Where a DewyDeployment's rollout stands; persisted so a restarted operator resumes. */
public enum Phase {
  Idle,
  AwaitingApproval,
  RunningBeforeHook,
  Updating,
  RunningAfterHook,
  RollingBack,
  Failed
}
