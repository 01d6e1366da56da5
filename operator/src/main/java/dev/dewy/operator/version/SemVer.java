package dev.dewy.operator.version;

import java.util.OptionalLong;

/**
 * A Semantic Version tag as Dewy reads it: optional lowercase "v", exactly three numeric parts
 * (leading zeros allowed, so {@code v01.010.0} is 1.10.0), optional "-prerelease" and "+build".
 * Unlike Dewy, numbers beyond 64 bits are refused rather than clamped.
 */
public record SemVer(
    long major, long minor, long patch, PreRelease preRelease, String build, String tag)
    implements Version {

  /** Reads tags as SemVer. */
  public static final VersionScheme SCHEME =
      new VersionScheme() {
        @Override
        public ParseResult<Version> parseVersion(String tag) {
          return parse(tag).map(Version.class::cast);
        }

        @Override
        public String describe() {
          return "semver";
        }
      };

  private static final String[] PART_NAMES = {"major", "minor", "patch"};

  /** A version made from its numbers, with a tag written from them. */
  public static SemVer of(long major, long minor, long patch, PreRelease preRelease) {
    String suffix = preRelease.isEmpty() ? "" : "-" + preRelease;
    return new SemVer(
        major, minor, patch, preRelease, "", major + "." + minor + "." + patch + suffix);
  }

  public static ParseResult<SemVer> parse(String tag) {
    if (tag == null || tag.isEmpty()) {
      return ParseResult.rejected("empty tag is not a semver version");
    }
    if (tag.startsWith("V")) {
      return reject(tag, "uppercase \"V\" prefix (only a lowercase \"v\" is allowed)");
    }
    String rest = tag.startsWith("v") ? tag.substring(1) : tag;
    if (rest.startsWith("v") || rest.startsWith("V")) {
      return reject(tag, "more than one \"v\" prefix (at most one lowercase \"v\")");
    }
    String buildText = null;
    int plus = rest.indexOf('+');
    if (plus >= 0) {
      buildText = rest.substring(plus + 1);
      rest = rest.substring(0, plus);
    }
    String preReleaseText = null;
    int dash = rest.indexOf('-');
    if (dash >= 0) {
      preReleaseText = rest.substring(dash + 1);
      rest = rest.substring(0, dash);
    }
    ParseResult<TagSuffix> suffix = TagSuffix.of(preReleaseText, buildText);
    if (!suffix.isParsed()) {
      return reject(tag, suffix.rejectionReason().orElseThrow());
    }
    String[] parts = rest.split("\\.", -1);
    if (parts.length != 3) {
      return reject(
          tag,
          String.format(
              "\"%s\" has %d dot-separated part%s (expected exactly 3 numbers: MAJOR.MINOR.PATCH)",
              rest, parts.length, parts.length == 1 ? "" : "s"));
    }
    long[] numbers = new long[3];
    for (int i = 0; i < 3; i++) {
      if (!DecimalNumber.isDigits(parts[i])) {
        return reject(tag, String.format("%s \"%s\" is not a number", PART_NAMES[i], parts[i]));
      }
      OptionalLong number = DecimalNumber.toLong(parts[i]);
      if (number.isEmpty()) {
        return reject(
            tag, String.format("%s \"%s\" is too large for 64 bits", PART_NAMES[i], parts[i]));
      }
      numbers[i] = number.getAsLong();
    }
    TagSuffix parsed = suffix.orElseThrow();
    return ParseResult.parsed(
        new SemVer(numbers[0], numbers[1], numbers[2], parsed.preRelease(), parsed.build(), tag));
  }

  private static ParseResult<SemVer> reject(String tag, String why) {
    return ParseResult.rejected(String.format("\"%s\" is not a semver version: %s", tag, why));
  }

  @Override
  public int compareTo(Version other) {
    if (!(other instanceof SemVer that)) {
      throw new ClassCastException("cannot order semver " + tag + " against " + other.tag());
    }
    int order = Long.compare(major, that.major);
    if (order == 0) {
      order = Long.compare(minor, that.minor);
    }
    if (order == 0) {
      order = Long.compare(patch, that.patch);
    }
    return order != 0 ? order : preRelease.compareTo(that.preRelease);
  }

  @Override
  public String toString() {
    return tag;
  }
}
