package dev.dewy.operator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.DewyDeploymentStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;

/**
 * One reconcile pass over one DewyDeployment: the resource as last stored, the status being built
 * from the pass's outcomes, and the cluster it reads and writes. Status is written only when it
 * differs from what is stored, so a pass that finds nothing new writes nothing.
 */
final class Pass {
  /** How stale status.lastCheckedAt may get when nothing else changes (it is not a heartbeat). */
  static final Duration CHECKED_AT_REFRESH = Duration.ofMinutes(10);

  private DewyDeployment stored;
  private final DewyDeploymentStatus status;
  private final Instant now;
  private final Cluster cluster;
  private final Secrets secrets;
  private boolean polled;
  private boolean wrote;

  Pass(DewyDeployment resource, Instant now, Cluster cluster) {
    this.stored = resource;
    this.status =
        resource.getStatus() == null ? new DewyDeploymentStatus() : copy(resource.getStatus());
    this.now = now;
    this.cluster = cluster;
    this.secrets = new Secrets(cluster::readSecret);
  }

  DewyDeployment stored() {
    return stored;
  }

  DewyDeploymentStatus status() {
    return status;
  }

  Instant now() {
    return now;
  }

  Cluster cluster() {
    return cluster;
  }

  Secrets secrets() {
    return secrets;
  }

  /** Whether this pass wrote the status. */
  boolean wrote() {
    return wrote;
  }

  /** The registry was read in this pass; lastCheckedAt may move with the next write. */
  void polled() {
    polled = true;
  }

  /**
   * Writes the status when it differs from the stored one, or when lastCheckedAt is older than
   * {@link #CHECKED_AT_REFRESH}; returns whether it wrote.
   */
  boolean save() {
    status.setObservedGeneration(stored.getMetadata().getGeneration());
    boolean changed = !same(stored.getStatus(), status);
    if (polled && (changed || checkedAtIsStale())) {
      status.setLastCheckedAt(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
      changed = !same(stored.getStatus(), status);
    }
    if (!changed) {
      return false;
    }
    stored = cluster.writeStatus(stored, copy(status));
    wrote = true;
    return true;
  }

  private boolean checkedAtIsStale() {
    String checked = status.getLastCheckedAt();
    return checked == null
        || Duration.between(Instant.parse(checked), now).compareTo(CHECKED_AT_REFRESH) >= 0;
  }

  static DewyDeploymentStatus copy(DewyDeploymentStatus status) {
    return Serialization.unmarshal(Serialization.asJson(status), DewyDeploymentStatus.class);
  }

  private static boolean same(DewyDeploymentStatus a, DewyDeploymentStatus b) {
    return tree(a).equals(tree(b));
  }

  private static JsonNode tree(DewyDeploymentStatus status) {
    return Serialization.jsonMapper()
        .valueToTree(status == null ? new DewyDeploymentStatus() : status);
  }
}
