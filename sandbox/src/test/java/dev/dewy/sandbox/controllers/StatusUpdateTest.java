package dev.dewy.sandbox.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.sandbox.Sandbox;
import dev.dewy.sandbox.SandboxExtension;
import dev.dewy.sandbox.kubelet.StatusUpdate;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Status writes as the kubelet and controllers make them: PUT /status, retried on 409. */
@ExtendWith(SandboxExtension.class)
class StatusUpdateTest {

  Sandbox sandbox;
  KubernetesClient client;

  @Test
  void conflictIsRetriedOnAFreshRead() {
    client.resource(bare("contested")).create();
    AtomicInteger reads = new AtomicInteger();

    var written =
        StatusUpdate.apply(
            client,
            Pod.class,
            "default",
            "contested",
            current -> {
              if (reads.incrementAndGet() == 1) {
                givenAnotherWriterChanges("contested");
              }
              current.setStatus(new PodStatusBuilder().withPhase("Running").build());
              return current;
            });

    assertThat(reads).hasValue(2);
    assertThat(written).isPresent();
    Pod stored = client.pods().inNamespace("default").withName("contested").get();
    assertThat(stored.getStatus().getPhase()).isEqualTo("Running");
    assertThat(stored.getMetadata().getLabels()).containsEntry("touched", "yes");
  }

  @Test
  void goneObjectIsNotAnError() {
    var written = StatusUpdate.apply(client, Pod.class, "default", "absent", current -> current);

    assertThat(written).isEmpty();
  }

  @Test
  void changeThatReturnsNullWritesNothing() {
    String before = client.resource(bare("untouched")).create().getMetadata().getResourceVersion();

    var written = StatusUpdate.apply(client, Pod.class, "default", "untouched", current -> null);

    assertThat(written).isEmpty();
    Pod stored = client.pods().inNamespace("default").withName("untouched").get();
    assertThat(stored.getMetadata().getResourceVersion()).isEqualTo(before);
    assertThat(stored.getStatus().getPhase()).isEqualTo("Pending");
  }

  /** Another client changes the object between our read and our write: our write is stale. */
  private void givenAnotherWriterChanges(String name) {
    try (KubernetesClient other = sandbox.newClient()) {
      other
          .pods()
          .inNamespace("default")
          .withName(name)
          .edit(
              p ->
                  new PodBuilder(p)
                      .editMetadata()
                      .addToLabels("touched", "yes")
                      .endMetadata()
                      .build());
    }
  }

  private static Pod bare(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("c")
        .withImage("busybox")
        .endContainer()
        .endSpec()
        .build();
  }
}
