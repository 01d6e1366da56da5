package dev.dewy.operator.api.v1alpha1;

/**
 * What happens when a rollout fails: none (Dewy's way: the failure is reported, the workload keeps
 * the new version) or auto (Argo Rollouts' and Flagger's: the previous version is restored).
 */
public enum RollbackPolicy {
  none,
  auto
}
