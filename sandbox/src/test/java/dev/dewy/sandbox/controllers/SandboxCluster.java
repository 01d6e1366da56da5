package dev.dewy.sandbox.controllers;

import dev.dewy.sandbox.Sandbox;
import dev.dewy.sandbox.SandboxOptions;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;

/** A sandbox API with the controllers running against it through a client of their own. */
final class SandboxCluster implements AutoCloseable {

  final Sandbox sandbox;
  final KubernetesClient client;
  final Controllers controllers;
  private final KubernetesClient controllersClient;

  /** Options with test-sized waits: rollouts take 200 ms, a failed pod is replaced in 100 ms. */
  static ControllerOptions fast(Path workRoot) {
    return ControllerOptions.defaults()
        .withWorkRoot(workRoot)
        .withRolloutDelay(Duration.ofMillis(200))
        .withJobBackoff(Duration.ofMillis(100));
  }

  /** Starts the sandbox with {@code namespace} created, then the controllers. */
  SandboxCluster(ControllerOptions options, String namespace) {
    sandbox = Sandbox.start(SandboxOptions.defaults().podLogs(options.podLogs()));
    client = sandbox.client();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    controllersClient = sandbox.newClient();
    controllers = Controllers.start(controllersClient, options);
  }

  @Override
  public void close() {
    controllers.close();
    controllersClient.close();
    sandbox.close();
  }
}
