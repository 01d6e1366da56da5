package dev.dewy.sandbox.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.sandbox.kubelet.StatusUpdate;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The raw mock never answers 409 to a status PUT, so the conflict is an expectation placed in front
 * of its CRUD store; a faithful API answers 409 to a stale resourceVersion by itself.
 */
class StatusUpdateTest {

  private static final String STATUS_PATH = "/api/v1/namespaces/default/pods/contested/status";

  private KubernetesMockServer server;
  private KubernetesClient client;

  @BeforeEach
  void startServer() throws Exception {
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            expectations,
            new KubernetesMixedDispatcher(expectations),
            false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    client = server.createClient();
  }

  @AfterEach
  void stopServer() {
    client.close();
    server.destroy();
  }

  @Test
  void conflictIsRetriedOnAFreshRead() {
    client.resource(bare("contested")).create();
    server
        .expect()
        .put()
        .withPath(STATUS_PATH)
        .andReturn(409, new StatusBuilder().withCode(409).withReason("Conflict").build())
        .once();
    AtomicInteger reads = new AtomicInteger();

    var written =
        StatusUpdate.apply(
            client,
            Pod.class,
            "default",
            "contested",
            current -> {
              reads.incrementAndGet();
              current.setStatus(new PodStatusBuilder().withPhase("Running").build());
              return current;
            });

    assertThat(reads).hasValue(2);
    assertThat(written).isPresent();
    assertThat(
            client.pods().inNamespace("default").withName("contested").get().getStatus().getPhase())
        .isEqualTo("Running");
  }

  @Test
  void goneObjectIsNotAnError() {
    var written = StatusUpdate.apply(client, Pod.class, "default", "absent", current -> current);

    assertThat(written).isEmpty();
  }

  @Test
  void changeThatReturnsNullWritesNothing() {
    client.resource(bare("untouched")).create();

    var written = StatusUpdate.apply(client, Pod.class, "default", "untouched", current -> null);

    assertThat(written).isEmpty();
    assertThat(client.pods().inNamespace("default").withName("untouched").get().getStatus())
        .isNull();
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
