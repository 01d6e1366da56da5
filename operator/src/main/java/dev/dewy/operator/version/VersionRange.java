package dev.dewy.operator.version;

/**
 * One comparator of a constraint, reduced to an interval of versions (bounds null when open) and
 * whether the interval is excluded instead of required ({@code !=}).
 */
record VersionRange(
    SemVer lower, boolean lowerInclusive, SemVer upper, boolean upperInclusive, boolean negated) {

  static final VersionRange ANY = new VersionRange(null, false, null, false, false);

  static VersionRange atLeast(SemVer lower) {
    return new VersionRange(lower, true, null, false, false);
  }

  static VersionRange above(SemVer lower) {
    return new VersionRange(lower, false, null, false, false);
  }

  static VersionRange below(SemVer upper) {
    return new VersionRange(null, false, upper, false, false);
  }

  static VersionRange atMost(SemVer upper) {
    return new VersionRange(null, false, upper, true, false);
  }

  /** From {@code lower} (inclusive) to {@code upper} (exclusive, or open when null). */
  static VersionRange from(SemVer lower, SemVer upper) {
    return new VersionRange(lower, true, upper, false, false);
  }

  VersionRange negate() {
    return new VersionRange(lower, lowerInclusive, upper, upperInclusive, !negated);
  }

  boolean contains(SemVer version) {
    boolean aboveLower = lower == null || compare(version, lower) > (lowerInclusive ? -1 : 0);
    boolean belowUpper = upper == null || compare(version, upper) < (upperInclusive ? 1 : 0);
    return (aboveLower && belowUpper) != negated;
  }

  private static int compare(SemVer a, SemVer b) {
    return Integer.signum(a.compareTo(b));
  }
}
