package dev.dewy.sandbox.controllers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;

/** The raw fabric8 mock API in CRUD mode on loopback, with the controllers running against it. */
final class MockApi implements AutoCloseable {

  final KubernetesMockServer server;
  final KubernetesClient client;
  final Controllers controllers;

  /** Options with test-sized waits: rollouts take 200 ms, a failed pod is replaced in 100 ms. */
  static ControllerOptions fast(Path workRoot) {
    return ControllerOptions.defaults()
        .withWorkRoot(workRoot)
        .withRolloutDelay(Duration.ofMillis(200))
        .withJobBackoff(Duration.ofMillis(100));
  }

  MockApi(ControllerOptions options) {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    try {
      server.init(InetAddress.getByName("127.0.0.1"), 0);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    client = server.createClient();
    controllers = Controllers.start(client, options);
  }

  @Override
  public void close() {
    controllers.close();
    client.close();
    server.destroy();
  }
}
