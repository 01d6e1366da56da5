package dev.dewy.operator.registry;

import java.util.Optional;

/**
 * The policy options Dewy's registry URLs share: which of the listed versions count, and which
 * asset of a release to take. They never change what is fetched, only how it is judged.
 */
public record ReleaseOptions(
    boolean preRelease,
    Optional<String> calver,
    Optional<String> constraint,
    Optional<String> artifact) {

  public static final ReleaseOptions DEFAULT =
      new ReleaseOptions(false, Optional.empty(), Optional.empty(), Optional.empty());

  static ReleaseOptions from(QueryOptions query) {
    return new ReleaseOptions(
        query.bool("pre-release"),
        query.nonEmpty("calver", "a format, as calver=YYYY.0M.0D.MICRO"),
        query.nonEmpty("constraint", "a version range, as constraint=>=1.2.0"),
        query.nonEmpty("artifact", "a file name, as artifact=myapp_linux_amd64.tar.gz"));
  }
}
