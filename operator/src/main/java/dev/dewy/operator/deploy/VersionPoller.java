package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.registry.RegistryCredentials;
import dev.dewy.operator.registry.RegistryException;
import dev.dewy.operator.registry.SharedTagPoller;
import dev.dewy.operator.registry.TagListing;
import dev.dewy.operator.version.Selection;
import dev.dewy.operator.version.VersionSelector;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Step 1 of the flow: the newest version the registry offers under the spec's policy. The tags
 * request itself is shared with every other DewyDeployment polling the same location.
 */
final class VersionPoller {
  private final SharedTagPoller tags;
  private final RegistryCredentialsSource credentials;
  private final Clock clock;

  VersionPoller(SharedTagPoller tags, RegistryCredentialsSource credentials, Clock clock) {
    this.tags = tags;
    this.credentials = credentials;
    this.clock = clock;
  }

  Selection.Found newest(DewyDeployment dd, CheckedSpec spec, Workload workload) {
    Optional<RegistryCredentials> creds =
        credentials.credentials(
            dd.getMetadata().getNamespace(),
            dd.getSpec().getCredentialsSecret(),
            spec.registry(),
            workload);
    TagListing listing;
    try {
      listing = tags.tags(spec.registry(), creds, spec.interval());
    } catch (RegistryException e) {
      Duration retry = e.retryAfter().map(at -> Duration.between(clock.instant(), at)).orElse(null);
      throw new BlockedException(Reasons.REGISTRY_ERROR, "spec.registry: " + e.getMessage(), retry);
    }
    Selection selection = VersionSelector.newest(listing.tags(), spec.policy());
    if (selection instanceof Selection.NoMatch noMatch) {
      throw new BlockedException(Reasons.NO_MATCHING_VERSION, noMatch.reason());
    }
    return (Selection.Found) selection;
  }
}
