package dev.dewy.operator.version;

import java.util.OptionalLong;

/**
 * A version as written in a constraint, where trailing parts may be missing or wildcards ({@code
 * 1}, {@code 1.x}, {@code 1.2.*}); null marks a part that is not given.
 */
record PartialVersion(Long major, Long minor, Long patch, PreRelease preRelease) {

  private static final String EXPECTED =
      "expected MAJOR[.MINOR[.PATCH]] with x or * as wildcards, e.g. 1.2.3, 1.2 or 1.x";

  /** Reads a constraint's version; throws with the reason when it is not one. */
  static PartialVersion parse(String text) {
    String core = text.startsWith("v") ? text.substring(1) : text;
    int dash = core.indexOf('-');
    int plus = core.indexOf('+');
    int end = dash >= 0 ? dash : plus >= 0 ? plus : core.length();
    String[] parts = core.substring(0, end).split("\\.", -1);
    if (parts.length > 3) {
      throw notAVersion(text);
    }
    Long[] numbers = new Long[3];
    boolean wildcardSeen = false;
    for (int i = 0; i < parts.length; i++) {
      if (isWildcard(parts[i])) {
        wildcardSeen = true;
      } else if (wildcardSeen || !DecimalNumber.isDigits(parts[i])) {
        throw notAVersion(text);
      } else {
        OptionalLong number = DecimalNumber.toLong(parts[i]);
        if (number.isEmpty()) {
          throw new IllegalArgumentException(
              String.format("\"%s\" has a number too large for 64 bits", text));
        }
        numbers[i] = number.getAsLong();
      }
    }
    if (end == core.length()) {
      return new PartialVersion(numbers[0], numbers[1], numbers[2], PreRelease.NONE);
    }
    if (numbers[2] == null) {
      throw new IllegalArgumentException(
          String.format(
              "\"%s\" has a pre-release or build on a partial version (write all of"
                  + " MAJOR.MINOR.PATCH)",
              text));
    }
    SemVer full = SemVer.parse(text).orElseThrow();
    return new PartialVersion(full.major(), full.minor(), full.patch(), full.preRelease());
  }

  private static boolean isWildcard(String part) {
    return part.equals("x") || part.equals("X") || part.equals("*");
  }

  private static IllegalArgumentException notAVersion(String text) {
    return new IllegalArgumentException(
        String.format("\"%s\" is not a version (%s)", text, EXPECTED));
  }

  /** How many leading parts are given: 0 for {@code *}, 3 for a full version. */
  int precision() {
    return major == null ? 0 : minor == null ? 1 : patch == null ? 2 : 3;
  }

  /** The lowest version this partial version covers: missing parts become 0. */
  SemVer floor() {
    return SemVer.of(orZero(major), orZero(minor), orZero(patch), preRelease);
  }

  /**
   * The lowest version above everything this covers at the given precision, as the pre-release
   * {@code -0} so no pre-release of it slips under the bound; null if unbounded.
   */
  SemVer ceiling(int atPrecision) {
    long[] parts = {orZero(major), orZero(minor), orZero(patch)};
    int bumped = atPrecision - 1;
    if (bumped < 0 || parts[bumped] == Long.MAX_VALUE) {
      return null;
    }
    parts[bumped]++;
    for (int i = bumped + 1; i < 3; i++) {
      parts[i] = 0;
    }
    return SemVer.of(parts[0], parts[1], parts[2], PreRelease.LOWEST);
  }

  private static long orZero(Long part) {
    return part == null ? 0 : part;
  }
}
