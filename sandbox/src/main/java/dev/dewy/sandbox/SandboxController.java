package dev.dewy.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A stand-in for a kube-controller-manager loop (Jobs, rollouts) that runs beside the API. The
 * sandbox starts it with a client of its own once the API serves, and closes what it returns when
 * the sandbox closes; e.g. {@code client -> Controllers.start(client, options)}.
 */
@FunctionalInterface
public interface SandboxController {

  /** Starts the loop; the returned handle stops it. */
  AutoCloseable start(KubernetesClient client);
}
