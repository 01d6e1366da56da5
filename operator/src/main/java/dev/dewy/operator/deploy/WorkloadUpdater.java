package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.RolloutState;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Step 3: points the target container at the attempt's image (or, for a volume deploy, the fetch
 * init container at the attempt's version) and stamps the template with its version; a rollback
 * sets the previous ones the same way ({@link Rollbacks}). Patching is skipped when the template
 * already carries both, so a resumed rollout is followed, not redone.
 */
final class WorkloadUpdater {
  static final String FIELD_MANAGER = "dewy-operator";

  private WorkloadUpdater() {}

  /** Sets the template to the attempt's image (or artifact) and version; the workload after. */
  static HasMetadata apply(Observation o, RolloutState attempt) {
    return set(o, attempt.getImage(), attempt.getVersion());
  }

  /**
   * Sets the target container to {@code image} (or, for a volume deploy, the fetch init container
   * to the artifact {@code version}; none when null) and the version annotation to {@code version},
   * unless the template carries both already; returns the workload as it then is.
   */
  static HasMetadata set(Observation o, String image, String version) {
    if (carries(o, image, version)) {
      return o.workload().object();
    }
    String patch;
    if (volume(o).isEmpty()) {
      patch = WorkloadPatch.strategicMerge(o.container().getName(), image, version);
    } else if (version == null) {
      patch = ArtifactInitContainer.removal();
    } else {
      patch = ArtifactInitContainer.patch(initContainer(o, version), version);
    }
    return o.cluster().patch(o.workload().kind(), o.workload().name(), patch);
  }

  /**
   * Whether the workload already carries this attempt's image (or fetch) and version annotation.
   */
  static boolean isApplied(Observation o, RolloutState attempt) {
    return carries(o, attempt.getImage(), attempt.getVersion());
  }

  private static boolean carries(Observation o, String image, String version) {
    PodSpec pod = o.workload().template().getSpec();
    Map<String, String> annotations =
        o.workload().template().getMetadata() == null
            ? null
            : o.workload().template().getMetadata().getAnnotations();
    String stamped = annotations == null ? null : annotations.get(WorkloadPatch.VERSION_ANNOTATION);
    if (volume(o).isPresent()) {
      if (version == null) {
        return ArtifactInitContainer.find(pod).isEmpty();
      }
      Container wanted = initContainer(o, version);
      return Objects.equals(stamped, version)
          && ArtifactInitContainer.find(pod)
              .map(
                  found ->
                      Objects.equals(found.getImage(), wanted.getImage())
                          && Objects.equals(found.getArgs(), wanted.getArgs()))
              .orElse(false);
    }
    return Objects.equals(o.container().getImage(), image) && Objects.equals(stamped, version);
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

  static Optional<String> volume(Observation o) {
    String volume = o.resource().getSpec().getTarget().getVolume();
    return volume == null || volume.isBlank() ? Optional.empty() : Optional.of(volume);
  }
}
