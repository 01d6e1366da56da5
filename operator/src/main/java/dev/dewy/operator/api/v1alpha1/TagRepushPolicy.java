package dev.dewy.operator.api.v1alpha1;

/**
 * What a DewyDeployment does when the tag its workload runs is pushed again with other content:
 * report it (the default), or deploy the tag's new digest like a new version (Keel's and Flux's
 * digest pinning).
 */
public enum TagRepushPolicy {
  report,
  redeploy
}
