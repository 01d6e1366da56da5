package dev.dewy.operator.api.v1alpha1;

/**
 * What a DewyDeployment does when someone else sets the target to an older version than it last
 * deployed (kubectl set image, kubectl rollout undo): hold off (Kargo's auto-promotion hold), or
 * deploy the newest again (Keel's behaviour).
 */
public enum ManualChangePolicy {
  hold,
  redeploy
}
