package dev.dewy.sandbox.kubelet;

/** A container cannot start because its env names a missing Secret, ConfigMap or key. */
public final class ContainerConfigException extends Exception {
  public ContainerConfigException(String message) {
    super(message);
  }
}
