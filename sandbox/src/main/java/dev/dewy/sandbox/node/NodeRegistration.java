package dev.dewy.sandbox.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The Node object and its heartbeat, as kubelet keeps them: a Ready node with an address, room for
 * pods and the port its log endpoint listens on, and a Lease in {@code kube-node-lease} renewed
 * well inside the node lifecycle controller's grace period.
 */
final class NodeRegistration {
  static final String LEASE_NAMESPACE = "kube-node-lease";
  static final int LEASE_SECONDS = 40;

  /** How old the last status report may grow before it is sent again (kubelet: 5 minutes). */
  static final long STATUS_REPORT_SECONDS = 60;

  /** The kubelet version the node reports: the API server's, set by {@link #register}. */
  private String version;

  private final KubernetesClient client;
  private final String name;
  private final String address;
  private final int port;

  NodeRegistration(KubernetesClient client, String name, String address, int port) {
    this.client = client;
    this.name = name;
    this.address = address;
    this.port = port;
  }

  /** Creates the Node, or takes over one left by an earlier agent, and reports it Ready. */
  void register(String version) {
    this.version = version;
    Node node =
        new NodeBuilder()
            .withNewMetadata()
            .withName(name)
            .withLabels(
                Map.of(
                    "kubernetes.io/hostname", name,
                    "kubernetes.io/os", "linux",
                    "kubernetes.io/arch", "amd64"))
            .endMetadata()
            .withNewSpec()
            .endSpec()
            .build();
    try {
      client.nodes().resource(node).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
    writeStatus();
  }

  /**
   * Reports the node Ready again when the API server no longer shows it so, or when the last report
   * is older than {@link #STATUS_REPORT_SECONDS}, as kubelet compares its status with the server's
   * every 10 s. Without this, a node the node lifecycle controller once marked Unknown (heartbeats
   * late on a loaded machine) would stay NotReady and tainted unreachable for good, and nothing new
   * would be scheduled onto it.
   */
  void reportStatusIfStale() {
    Node node = client.nodes().withName(name).get();
    boolean stale =
        node == null
            || node.getStatus() == null
            || node.getStatus().getConditions() == null
            || node.getStatus().getConditions().stream()
                .noneMatch(
                    c ->
                        "Ready".equals(c.getType())
                            && "True".equals(c.getStatus())
                            && c.getLastHeartbeatTime() != null
                            && java.time.Instant.parse(c.getLastHeartbeatTime())
                                .isAfter(
                                    java.time.Instant.now().minusSeconds(STATUS_REPORT_SECONDS)));
    if (stale) {
      writeStatus();
    }
  }

  /**
   * Writes the node's status, read fresh and retried on a conflict as kubelet retries its status
   * update (nodeStatusUpdateRetry, 5): the node lifecycle and attach-detach controllers write the
   * same Node, and at start, on a loaded machine, one of them can do so between this read and this
   * write. Unretried, that 409 ended the agent and left the node tainted unreachable.
   */
  private void writeStatus() {
    for (int attempt = 1; ; attempt++) {
      try {
        writeStatusOnce();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == STATUS_UPDATE_RETRIES) {
          throw e;
        }
      }
    }
  }

  private static final int STATUS_UPDATE_RETRIES = 5;

  private void writeStatusOnce() {
    client
        .nodes()
        .withName(name)
        .editStatus(
            current -> {
              current.setStatus(
                  new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
                      .withCapacity(resources())
                      .withAllocatable(resources())
                      .withConditions(conditions())
                      .addNewAddress()
                      .withType("InternalIP")
                      .withAddress(address)
                      .endAddress()
                      .addNewAddress()
                      .withType("Hostname")
                      .withAddress(name)
                      .endAddress()
                      .withNewDaemonEndpoints()
                      .withNewKubeletEndpoint()
                      .withPort(port)
                      .endKubeletEndpoint()
                      .endDaemonEndpoints()
                      .withNewNodeInfo()
                      .withArchitecture("amd64")
                      .withOperatingSystem("linux")
                      .withOsImage(System.getProperty("os.name") + " (dewy node agent)")
                      .withKernelVersion(System.getProperty("os.version"))
                      .withKubeletVersion(version)
                      .withKubeProxyVersion("")
                      .withContainerRuntimeVersion("dewy-node-agent://host-processes")
                      .withMachineID(name)
                      .withSystemUUID(name)
                      .withBootID(name)
                      .endNodeInfo()
                      .build());
              return current;
            });
  }

  /** Renews the node's Lease; creates it, owned by the Node, the first time. */
  void renewLease() {
    Lease lease = client.leases().inNamespace(LEASE_NAMESPACE).withName(name).get();
    String now = ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS).toString();
    if (lease == null) {
      Node node = client.nodes().withName(name).get();
      client
          .leases()
          .inNamespace(LEASE_NAMESPACE)
          .resource(
              new LeaseBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(LEASE_NAMESPACE)
                  .addNewOwnerReference()
                  .withApiVersion("v1")
                  .withKind("Node")
                  .withName(name)
                  .withUid(node.getMetadata().getUid())
                  .endOwnerReference()
                  .endMetadata()
                  .withNewSpec()
                  .withHolderIdentity(name)
                  .withLeaseDurationSeconds(LEASE_SECONDS)
                  .withRenewTime(ZonedDateTime.parse(now))
                  .endSpec()
                  .build())
          .create();
      return;
    }
    lease.getSpec().setRenewTime(ZonedDateTime.parse(now));
    lease.getSpec().setHolderIdentity(name);
    client.leases().inNamespace(LEASE_NAMESPACE).resource(lease).update();
  }

  private static Map<String, Quantity> resources() {
    return Map.of(
        "cpu", new Quantity("64"),
        "memory", new Quantity("256Gi"),
        "pods", new Quantity("250"),
        "ephemeral-storage", new Quantity("500Gi"));
  }

  private static List<NodeCondition> conditions() {
    String now = java.time.Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    return List.of(
        condition("MemoryPressure", "False", "KubeletHasSufficientMemory", now),
        condition("DiskPressure", "False", "KubeletHasNoDiskPressure", now),
        condition("PIDPressure", "False", "KubeletHasSufficientPID", now),
        condition("Ready", "True", "KubeletReady", now));
  }

  private static NodeCondition condition(String type, String status, String reason, String now) {
    return new NodeConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage("dewy node agent: " + reason)
        .withLastHeartbeatTime(now)
        .withLastTransitionTime(now)
        .build();
  }
}
