package dev.dewy.sandbox.testenv;

/** Which API server a test runs against. */
public enum Backend {
  /** The embedded API of this project, with its controller and kubelet stand-ins. */
  SANDBOX,
  /** kube-apiserver, etcd, kube-controller-manager and kube-scheduler, with the node agent. */
  CONTROL_PLANE
}
