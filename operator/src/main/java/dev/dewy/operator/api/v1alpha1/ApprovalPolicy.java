package dev.dewy.operator.api.v1alpha1;

/**
 * Whether a new version waits for a person before its attempt begins: auto (Dewy's way: deploy what
 * the registry offers) or manual (Kargo's and Keel's approvals).
 */
public enum ApprovalPolicy {
  auto,
  manual
}
