package dev.dewy.operator.version;

import java.util.ArrayList;
import java.util.List;

/**
 * Picks the version to deploy from a registry's tags under a {@link VersionPolicy}: tags that are
 * not versions are skipped, pre-releases and versions outside the constraint are dropped, and the
 * newest remaining version wins; among equal versions ({@code v1.0.0} and {@code 1.0.0}) the first
 * tag listed wins. A pin selects exactly its version when listed (the tag spelled like the pin
 * first, else the first equal version), whatever the pre-release switch and the constraint say,
 * since the user named it.
 */
public final class VersionSelector {

  private VersionSelector() {}

  public static Selection newest(List<String> tags, VersionPolicy policy) {
    List<Version> versions = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (String tag : tags) {
      policy
          .scheme()
          .parseVersion(tag)
          .toOptional()
          .ifPresentOrElse(versions::add, () -> others.add(tag));
    }
    if (policy.pin() != null) {
      return pinned(tags.size(), versions, policy);
    }
    NoMatchReason reason = new NoMatchReason(tags.size(), versions.size(), others, policy);
    Version newest = null;
    for (Version version : versions) {
      if (!policy.preReleaseAllowed(version)) {
        reason.excludedAsPreRelease();
      } else if (!policy.satisfiesConstraint(version)) {
        reason.excludedByConstraint();
      } else if (newest == null || version.compareTo(newest) > 0) {
        newest = version;
      }
    }
    return newest == null ? new Selection.NoMatch(reason.toString()) : found(newest);
  }

  private static Selection pinned(int tagCount, List<Version> versions, VersionPolicy policy) {
    var pin = policy.scheme().parseVersion(policy.pin());
    if (!pin.isParsed()) {
      return new Selection.NoMatch(
          "pin \"" + policy.pin() + "\" is not a version: " + pin.rejectionReason().orElseThrow());
    }
    Version wanted = pin.orElseThrow();
    Version sameVersion = null;
    for (Version version : versions) {
      if (version.tag().equals(wanted.tag())) {
        return found(version);
      }
      if (sameVersion == null && version.compareTo(wanted) == 0) {
        sameVersion = version;
      }
    }
    return sameVersion != null
        ? found(sameVersion)
        : new Selection.NoMatch(NoMatchReason.pinNotFound(policy.pin(), tagCount, versions.size()));
  }

  private static Selection found(Version version) {
    return new Selection.Found(version.tag(), version);
  }
}
