package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.registry.RegistryCredentials;
import dev.dewy.operator.registry.RegistryException;
import dev.dewy.operator.registry.SharedTagPoller;
import dev.dewy.operator.registry.TagListing;
import dev.dewy.operator.version.Selection;
import dev.dewy.operator.version.VersionPolicy;
import dev.dewy.operator.version.VersionSelector;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Step 1 of the flow: the newest version the registry offers under the spec's policy. The tags
 * request itself is shared with every other DewyDeployment polling the same location.
 */
final class VersionPoller implements NewestVersion {
  private final SharedTagPoller tags;
  private final Clock clock;

  VersionPoller(SharedTagPoller tags, Clock clock) {
    this.tags = tags;
    this.clock = clock;
  }

  /** The newest version; {@link BlockedException} when the registry cannot say or has none. */
  @Override
  public Selection.Found newest(Observation o) {
    DewyDeployment dd = o.resource();
    CheckedSpec spec = o.spec();
    TagListing listing;
    try {
      listing = tags.tags(spec.registry(), credentials(o), spec.interval());
    } catch (RegistryException e) {
      throw blocked(e);
    }
    var tags = spec.tagFilter().apply(listing.tags());
    Selection selection = VersionSelector.newest(tags, spec.policy());
    if (selection instanceof Selection.NoMatch noMatch) {
      String message = noMatchMessage(dd, spec, noMatch);
      if (tags.size() < listing.tags().size()) {
        message +=
            "; spec.tagFilter let %d of the registry's %d tags through"
                .formatted(tags.size(), listing.tags().size());
      }
      throw new BlockedException(Reasons.NO_MATCHING_VERSION, message);
    }
    return (Selection.Found) selection;
  }

  /**
   * One HEAD per tag and interval, shared like the tags list; a volume deploy changes an artifact,
   * not the image, so it has no digest.
   */
  @Override
  public Optional<String> digest(Observation o, String tag) {
    String volume = o.resource().getSpec().getTarget().getVolume();
    if (volume != null && !volume.isBlank()) {
      return Optional.empty();
    }
    try {
      return tags.digest(o.spec().registry(), credentials(o), tag, o.spec().interval());
    } catch (RegistryException e) {
      throw blocked(e);
    }
  }

  /** The registry credentials of {@code o}: its credentialsSecret, else the pod's pull secrets. */
  static Optional<RegistryCredentials> credentials(Observation o) {
    return RegistryCredentialsSource.credentials(
        o.secrets(),
        o.namespace(),
        o.resource().getSpec().getCredentialsSecret(),
        o.spec().registry(),
        o.workload());
  }

  private BlockedException blocked(RegistryException e) {
    Duration retry = e.retryAfter().map(at -> Duration.between(clock.instant(), at)).orElse(null);
    return new BlockedException(Reasons.REGISTRY_ERROR, "spec.registry: " + e.getMessage(), retry);
  }

  /** Names the field that narrowed the choice to nothing, and what would widen it. */
  private static String noMatchMessage(
      DewyDeployment dd, CheckedSpec spec, Selection.NoMatch noMatch) {
    VersionPolicy policy = spec.policy();
    String fieldAndFix;
    if (policy.pin() != null) {
      fieldAndFix = "spec.version: %s (push that tag, or change or remove spec.version)";
    } else if (policy.constraint() != null) {
      boolean inSpec =
          dd.getSpec().getVersionConstraint() != null
              && !dd.getSpec().getVersionConstraint().isBlank();
      fieldAndFix =
          inSpec
              ? "spec.versionConstraint: %s (push a matching tag, or widen"
                  + " spec.versionConstraint)"
              : "spec.registry: %s (push a matching tag, or widen the constraint option)";
    } else {
      fieldAndFix =
          "spec.registry: %s (push a version tag such as v1.2.3, or check the repository and"
              + " the pre-release and calver options)";
    }
    return fieldAndFix.formatted(noMatch.reason());
  }
}
