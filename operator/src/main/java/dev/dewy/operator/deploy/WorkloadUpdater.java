package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.RolloutState;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Step 3: points the target container at the attempt's image (or, for a volume deploy, the fetch
 * init container at the attempt's version) and stamps the template with its version, then reports
 * the rollout as {@code kubectl rollout status} would judge it. Patching is skipped when the
 * template already carries both, so a resumed rollout is followed, not redone.
 */
final class WorkloadUpdater {
  static final String FIELD_MANAGER = "dewy-operator";

  private WorkloadUpdater() {}

  static RolloutStatus apply(Observation o, RolloutState attempt) {
    HasMetadata workload = o.workload().object();
    if (!isApplied(o, attempt)) {
      String patch =
          volume(o).isPresent()
              ? ArtifactInitContainer.patch(
                  initContainer(o, attempt.getVersion()), attempt.getVersion())
              : WorkloadPatch.strategicMerge(
                  o.container().getName(), attempt.getImage(), attempt.getVersion());
      workload = o.cluster().patch(o.workload().kind(), o.workload().name(), patch);
    }
    return RolloutStatus.of(workload);
  }

  /**
   * Whether the workload already carries this attempt's image (or fetch) and version annotation.
   */
  static boolean isApplied(Observation o, RolloutState attempt) {
    Container container = o.container();
    Map<String, String> annotations =
        o.workload().template().getMetadata() == null
            ? null
            : o.workload().template().getMetadata().getAnnotations();
    String version = annotations == null ? null : annotations.get(WorkloadPatch.VERSION_ANNOTATION);
    if (volume(o).isPresent()) {
      Container wanted = initContainer(o, attempt.getVersion());
      return Objects.equals(version, attempt.getVersion())
          && ArtifactInitContainer.find(o.workload().template().getSpec())
              .map(
                  found ->
                      Objects.equals(found.getImage(), wanted.getImage())
                          && Objects.equals(found.getArgs(), wanted.getArgs()))
              .orElse(false);
    }
    return Objects.equals(container.getImage(), attempt.getImage())
        && Objects.equals(version, attempt.getVersion());
  }

  /** The version the workload runs: the fetch init container's, or the image's tag. */
  static Optional<String> currentVersion(Observation o) {
    return volume(o).isPresent()
        ? ArtifactInitContainer.currentVersion(o.workload().template().getSpec())
        : WorkloadPatch.currentVersion(o.container());
  }

  /** The digest the target container's image is pinned to; none for a volume deploy. */
  static Optional<String> currentDigest(Observation o) {
    return volume(o).isPresent() ? Optional.empty() : WorkloadPatch.currentDigest(o.container());
  }

  /**
   * With spec.target.volume gone, the fetch init container goes too; returns whether it wrote.
   * Nothing is written when there is none.
   */
  static boolean removeStaleInitContainer(Observation o) {
    if (volume(o).isPresent()
        || ArtifactInitContainer.find(o.workload().template().getSpec()).isEmpty()) {
      return false;
    }
    o.cluster().patch(o.workload().kind(), o.workload().name(), ArtifactInitContainer.removal());
    return true;
  }

  private static Container initContainer(Observation o, String version) {
    String secret = o.resource().getSpec().getCredentialsSecret();
    return ArtifactInitContainer.build(
        ArtifactInitContainer.image(System.getenv()),
        o.resource().getSpec().getRegistry(),
        version,
        volume(o).orElseThrow(),
        o.container(),
        secret == null || secret.isBlank() ? Optional.empty() : Optional.of(secret),
        RegistryCredentialsSource.fetcherEnv(
            o.secrets(), o.namespace(), secret, o.spec().registry()));
  }

  private static Optional<String> volume(Observation o) {
    String volume = o.resource().getSpec().getTarget().getVolume();
    return volume == null || volume.isBlank() ? Optional.empty() : Optional.of(volume);
  }
}
