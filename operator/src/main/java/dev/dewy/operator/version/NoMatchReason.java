package dev.dewy.operator.version;

import java.util.List;

/** Says why no tag qualified, in counts a user can act on, for status and events. */
final class NoMatchReason {

  private static final String PREFIX = "no tag matches the policy: ";
  private static final int EXAMPLES = 3;

  private final int tags;
  private final int versions;
  private final List<String> others;
  private final VersionPolicy policy;
  private int preReleases;
  private int outsideConstraint;

  NoMatchReason(int tags, int versions, List<String> others, VersionPolicy policy) {
    this.tags = tags;
    this.versions = versions;
    this.others = others;
    this.policy = policy;
  }

  void excludedAsPreRelease() {
    preReleases++;
  }

  void excludedByConstraint() {
    outsideConstraint++;
  }

  static String pinNotFound(String pin, int tags, int versions) {
    return String.format(
        "%spin \"%s\" not found among %s (%s)",
        PREFIX, pin, count(tags, "tag", "tags"), areVersions(versions));
  }

  @Override
  public String toString() {
    if (tags == 0) {
      return PREFIX + "the registry lists no tags";
    }
    if (versions == 0) {
      List<String> examples = others.subList(0, Math.min(EXAMPLES, others.size()));
      return String.format(
          "%s%s, none is a version under %s (e.g. \"%s\")",
          PREFIX,
          count(tags, "tag", "tags"),
          policy.scheme().describe(),
          String.join("\", \"", examples));
    }
    StringBuilder reason = new StringBuilder(PREFIX);
    reason.append(count(tags, "tag", "tags")).append(", ").append(areVersions(versions));
    if (preReleases > 0) {
      reason
          .append(", ")
          .append(share(preReleases, "is a pre-release", "are pre-releases"))
          .append(" (set pre-release=true to include them)");
    }
    if (outsideConstraint > 0) {
      reason
          .append(", ")
          .append(share(outsideConstraint, "is outside", "are outside"))
          .append(" constraint \"")
          .append(policy.constraint())
          .append('"');
    }
    return reason.toString();
  }

  private String share(int excluded, String one, String many) {
    if (excluded == versions) {
      return (versions == 1 ? "it " + one : "all " + versions + " " + many);
    }
    return excluded + " " + (excluded == 1 ? one : many);
  }

  private static String areVersions(int versions) {
    return versions == 0
        ? "none is a version"
        : versions == 1 ? "1 is a version" : versions + " are versions";
  }

  private static String count(int n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
