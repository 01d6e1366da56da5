package dev.dewy.operator.deploy;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lease "dewy-operator" that replicas take turns holding. JOSDK's elector never gives it up (it
 * builds fabric8's elector with releaseOnCancel off), so a replica that stopped cleanly kept the
 * others waiting for the whole lease duration (15 s); {@link #release} empties it instead.
 */
final class LeaderLease {
  static final String NAME = "dewy-operator";
  private static final Logger LOG = LoggerFactory.getLogger(LeaderLease.class);

  private final String namespace;
  private final String identity;

  LeaderLease(String namespace) {
    this.namespace = namespace;
    this.identity = identity();
  }

  /**
   * A replica that loses the Lease exits, so that it restarts as a follower, as
   * controller-runtime's managers do; but not when it gives the Lease up because it is stopping:
   * JOSDK would call System.exit inside the JVM's shutdown hook, which blocks the shutdown until
   * the pod is killed.
   */
  LeaderElectionConfiguration configuration(AtomicBoolean closing) {
    Runnable lost =
        () -> {
          if (!closing.get()) {
            LOG.error("Lost the leader-election Lease {} in {}; exiting", NAME, namespace);
            new Thread(() -> System.exit(1), "dewy-operator-lost-lease").start();
          }
        };
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(NAME)
        .withLeaseNamespace(namespace)
        .withIdentity(identity)
        .withLeaderCallbacks(
            new LeaderCallbacks(
                () -> LOG.info("Acquired the Lease {} in {} as {}", NAME, namespace, identity),
                lost,
                leader -> {}))
        .withExitOnStopLeading(false)
        .build();
  }

  /**
   * Empties the Lease's holder if this replica holds it, as client-go's elector does on release, so
   * that another replica takes over at its next retry. Call it only once reconciling has stopped.
   * (fabric8's own release cannot be used: it writes with a merge patch that leaves out the empty
   * holder, so the Lease keeps naming this replica for another second.) The update carries the
   * resourceVersion read, so a replica that took the Lease meanwhile keeps it.
   */
  void release(KubernetesClient client) {
    try {
      Lease lease = client.leases().inNamespace(namespace).withName(NAME).get();
      if (lease == null
          || lease.getSpec() == null
          || !identity.equals(lease.getSpec().getHolderIdentity())) {
        return;
      }
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
      lease.getSpec().setHolderIdentity(null);
      lease.getSpec().setLeaseDurationSeconds(1);
      lease.getSpec().setAcquireTime(now);
      lease.getSpec().setRenewTime(now);
      client.resource(lease).update();
      LOG.info("Released the Lease {} in {}", NAME, namespace);
    } catch (KubernetesClientException e) {
      LOG.warn("Could not release the Lease {} in {}: {}", NAME, namespace, e.getMessage());
    }
  }

  /** The pod's name in the cluster (the chart sets POD_NAME), a random one elsewhere. */
  private static String identity() {
    String pod = System.getenv("POD_NAME");
    return pod == null || pod.isBlank() ? "dewy-operator-" + UUID.randomUUID() : pod;
  }
}
