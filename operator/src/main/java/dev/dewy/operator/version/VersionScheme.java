package dev.dewy.operator.version;

/** How a registry's tags are read as versions: SemVer, or CalVer in one format. */
public interface VersionScheme {

  /** Reads one tag; a tag that is not a version in this scheme is rejected with the reason. */
  ParseResult<Version> parseVersion(String tag);

  /** Names the scheme in messages, e.g. {@code semver} or {@code calver format "YYYY.0M.MICRO"}. */
  String describe();
}
