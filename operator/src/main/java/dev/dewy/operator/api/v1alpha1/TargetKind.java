package dev.dewy.operator.api.v1alpha1;

/** The workload kinds whose pod template the operator knows how to roll out. */
public enum TargetKind {
  Deployment,
  StatefulSet,
  DaemonSet
}
