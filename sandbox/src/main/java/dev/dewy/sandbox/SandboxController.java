package dev.dewy.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A stand-in for a kube-controller-manager loop (Jobs, rollouts) that runs beside the API; the
 * sandbox starts it with a client of its own once the API serves, and closes it on close.
 */
public interface SandboxController extends AutoCloseable {

  void start(KubernetesClient client);

  @Override
  default void close() {}
}
