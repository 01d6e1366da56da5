package dev.dewy.operator.version;

/**
 * A version read from a registry tag, so the selector treats SemVer and CalVer alike. Order ignores
 * the "v" prefix and build metadata, so it is not consistent with equals (which keeps the original
 * tag); two versions of different kinds cannot be ordered.
 */
public sealed interface Version extends Comparable<Version> permits SemVer, CalVer {

  /** The tag exactly as the registry listed it. */
  String tag();

  PreRelease preRelease();

  /** Build metadata after "+", or "" when there is none. */
  String build();

  default boolean isPreRelease() {
    return !preRelease().isEmpty();
  }
}
