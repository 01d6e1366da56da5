package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.HookResult;
import dev.dewy.operator.api.v1alpha1.HooksStatus;
import dev.dewy.operator.api.v1alpha1.RolloutState;
import io.fabric8.kubernetes.api.model.Container;
import java.time.Instant;
import java.util.Optional;

/**
 * What a pass saw before deciding anything: the resource, its checked spec, the target workload and
 * container, and the cluster to act on. Immutable: the status being built lives in {@link
 * StatusRecorder}.
 */
record Observation(
    DewyDeployment resource,
    Instant now,
    CheckedSpec spec,
    Workload workload,
    Container container,
    Cluster cluster,
    Secrets secrets) {

  String name() {
    return resource.getMetadata().getName();
  }

  String namespace() {
    return resource.getMetadata().getNamespace();
  }

  /**
   * What the template runs: the target container's image tag, or with spec.target.volume the
   * version the fetch init container unpacks; null when it has none.
   */
  String running() {
    return WorkloadUpdater.currentVersion(this).orElse(null);
  }

  /**
   * The digest the target container's image is pinned to ({@code repo:tag@digest}); null for an
   * image by tag only, or a volume deploy.
   */
  String runningDigest() {
    return WorkloadUpdater.currentDigest(this).orElse(null);
  }

  /**
   * The Job name of {@code kind} in {@code attempt}: the same attempt always has the same one. A
   * redeploy of a re-pushed tag is another attempt than the deploy of that version: its digest is
   * part of the name.
   */
  String jobName(HookKind kind, RolloutState attempt) {
    String version =
        attempt.getReplacesDigest() == null
            ? attempt.getVersion()
            : attempt.getVersion() + "@" + attempt.getDigest();
    return HookJobFactory.jobName(name(), kind, version, attempt.getAttempt());
  }

  /**
   * The recorded result of {@code kind} if it belongs to {@code attempt}: the one check of "is this
   * result from this attempt?".
   */
  Optional<HookResult> hookOf(HooksStatus hooks, HookKind kind, RolloutState attempt) {
    HookResult recorded = HookRunner.recorded(hooks, kind);
    return recorded != null
            && attempt != null
            && jobName(kind, attempt).equals(recorded.getJobName())
        ? Optional.of(recorded)
        : Optional.empty();
  }
}
