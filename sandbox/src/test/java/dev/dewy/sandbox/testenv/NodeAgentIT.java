package dev.dewy.sandbox.testenv;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The node agent as kube-controller-manager's node lifecycle controller sees it. */
@ExtendWith(ControlPlaneExtension.class)
class NodeAgentIT {
  private static final Duration PATIENCE = Duration.ofMinutes(2);

  @Test
  void aNodeMarkedUnknownReportsReadyAgainAndTakesPodsOnceTheTaintIsLifted(ControlPlane plane) {
    KubernetesClient client = plane.client();
    String name = client.nodes().list().getItems().get(0).getMetadata().getName();

    // given: the node's status left unreported, as the node lifecycle controller then marks it
    String stale =
        Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS).toString();
    client
        .nodes()
        .withName(name)
        .editStatus(
            node -> {
              for (NodeCondition condition : node.getStatus().getConditions()) {
                condition.setStatus("Unknown");
                condition.setReason("NodeStatusUnknown");
                condition.setLastHeartbeatTime(stale);
              }
              return node;
            });

    // then: the agent reports it Ready again, and the controller lifts its taints
    await().atMost(PATIENCE).until(() -> ready(client.nodes().withName(name).get()));

    // and: a pod is scheduled onto it and runs
    String namespace = plane.createNamespace("node-agent-it");
    try {
      Job job =
          new JobBuilder()
              .withNewMetadata()
              .withName("after-unknown")
              .endMetadata()
              .withNewSpec()
              .withBackoffLimit(0)
              .withNewTemplate()
              .withNewSpec()
              .withRestartPolicy("Never")
              .addNewContainer()
              .withName("main")
              .withImage("busybox")
              .withCommand(List.of("/bin/sh", "-c", "echo scheduled"))
              .endContainer()
              .endSpec()
              .endTemplate()
              .endSpec()
              .build();
      client.batch().v1().jobs().inNamespace(namespace).resource(job).create();
      await()
          .atMost(PATIENCE)
          .until(
              () -> {
                Job now =
                    client
                        .batch()
                        .v1()
                        .jobs()
                        .inNamespace(namespace)
                        .withName("after-unknown")
                        .get();
                return now.getStatus() != null
                    && now.getStatus().getSucceeded() != null
                    && now.getStatus().getSucceeded() == 1;
              });
    } finally {
      plane.deleteNamespace(namespace);
    }
  }

  private static boolean ready(Node node) {
    boolean readyTrue =
        node.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    boolean untainted =
        node.getSpec().getTaints() == null
            || node.getSpec().getTaints().stream()
                .noneMatch(t -> t.getKey().startsWith("node.kubernetes.io/"));
    return readyTrue && untainted;
  }
}
