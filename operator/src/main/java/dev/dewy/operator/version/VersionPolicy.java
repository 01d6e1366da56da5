package dev.dewy.operator.version;

/**
 * Which registry tags count and which one wins: Dewy's pre-release switch and CalVer format, plus
 * an optional SemVer constraint and an optional pin (a tag, matched as a version).
 *
 * @param preRelease whether pre-release versions may be selected (Dewy's {@code pre-release=true})
 * @param calver the CalVer format tags are read with, or null for SemVer
 * @param constraint the SemVer constraint versions must satisfy, or null for none
 * @param pin the exact version to select, as a tag such as {@code v1.2.3}, or null for the newest
 */
public record VersionPolicy(
    boolean preRelease, CalVerFormat calver, VersionConstraint constraint, String pin) {

  public VersionPolicy {
    if (calver != null && constraint != null) {
      throw new IllegalArgumentException(
          String.format(
              "constraint \"%s\" applies to semver tags only; it cannot be combined with calver"
                  + " format \"%s\" (drop one of them)",
              constraint, calver));
    }
    if (pin != null && pin.isBlank()) {
      pin = null;
    }
  }

  /** SemVer tags, releases only, newest wins: Dewy's default. */
  public static VersionPolicy semver() {
    return new VersionPolicy(false, null, null, null);
  }

  public VersionPolicy withPreRelease(boolean allowed) {
    return new VersionPolicy(allowed, calver, constraint, pin);
  }

  public VersionPolicy withCalver(CalVerFormat format) {
    return new VersionPolicy(preRelease, format, constraint, pin);
  }

  public VersionPolicy withConstraint(VersionConstraint versionConstraint) {
    return new VersionPolicy(preRelease, calver, versionConstraint, pin);
  }

  public VersionPolicy withPin(String version) {
    return new VersionPolicy(preRelease, calver, constraint, version);
  }

  /** How tags are read under this policy. */
  public VersionScheme scheme() {
    return calver != null ? calver : SemVer.SCHEME;
  }

  /** Whether a version passes the pre-release switch and the constraint. */
  boolean preReleaseAllowed(Version version) {
    return preRelease || !version.isPreRelease();
  }

  boolean satisfiesConstraint(Version version) {
    return constraint == null || (version instanceof SemVer semver && constraint.test(semver));
  }
}
