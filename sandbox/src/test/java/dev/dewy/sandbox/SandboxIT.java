package dev.dewy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Starting, wiring and stopping sandboxes from Java. Sandbox only: that is what it tests. */
class SandboxIT {

  @Test
  void controllersStartWithTheirOwnClientOnceTheApiServesAndStopWithTheSandbox() {
    AtomicBoolean stopped = new AtomicBoolean();
    SandboxController marker =
        client -> {
          client
              .configMaps()
              .resource(
                  new ConfigMapBuilder()
                      .withNewMetadata()
                      .withName("controller-started")
                      .endMetadata()
                      .build())
              .create();
          return () -> stopped.set(true);
        };
    Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().controller(marker));
    try {
      assertThat(sandbox.client().configMaps().withName("controller-started").get()).isNotNull();
      assertThat(stopped).isFalse();
    } finally {
      sandbox.close();
    }
    assertThat(stopped).isTrue();
  }

  @Test
  void twoSandboxesInOneJvmShareNothing() throws Exception {
    try (Sandbox first = Sandbox.start();
        Sandbox second = Sandbox.start()) {
      first
          .client()
          .configMaps()
          .resource(
              new ConfigMapBuilder().withNewMetadata().withName("only-here").endMetadata().build())
          .create();
      assertThat(second.client().configMaps().withName("only-here").get()).isNull();
      assertThat(first.url()).isNotEqualTo(second.url()).startsWith("http://127.0.0.1:");
      assertThat(Files.readString(first.kubeconfig()))
          .contains(
              "server: " + first.url(), "namespace: default", "current-context: dewy-sandbox");
    }
  }

  @Test
  void theStandInsRemoveTheirPodWorkDirectoryWhenTheyStop() throws Exception {
    java.nio.file.Path workRoot;
    try (Sandbox sandbox = Sandbox.start();
        var client = sandbox.newClient();
        var controllers =
            dev.dewy.sandbox.controllers.Controllers.start(
                client, dev.dewy.sandbox.controllers.ControllerOptions.defaults())) {
      workRoot = controllers.workRoot();
      sandbox.client().batch().v1().jobs().resource(TestObjects.job("hook")).create();
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(60))
          .until(
              () -> {
                var job = sandbox.client().batch().v1().jobs().withName("hook").get();
                return job.getStatus() != null
                    && Integer.valueOf(1).equals(job.getStatus().getSucceeded());
              });
      assertThat(workRoot).isDirectory();
      assertThat(workRoot.getFileName().toString()).startsWith("sandbox-pods-");
    }
    assertThat(workRoot).doesNotExist();
  }
}
