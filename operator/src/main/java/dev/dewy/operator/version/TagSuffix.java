package dev.dewy.operator.version;

/** The "-prerelease" and "+build" parts a SemVer or CalVer tag may carry after its numbers. */
record TagSuffix(PreRelease preRelease, String build) {

  static final String ALLOWED = "allowed: 0-9, A-Z, a-z, \".\" and \"-\"";

  /**
   * Reads the suffix from its two texts, each null when the tag has no "-" or "+" part.
   *
   * @return the suffix, or the reason without the tag (the caller names the tag)
   */
  static ParseResult<TagSuffix> of(String preReleaseText, String buildText) {
    PreRelease preRelease = PreRelease.NONE;
    if (preReleaseText != null) {
      ParseResult<PreRelease> parsed = PreRelease.parse(preReleaseText);
      if (!parsed.isParsed()) {
        return ParseResult.rejected(parsed.rejectionReason().orElseThrow());
      }
      preRelease = parsed.orElseThrow();
    }
    if (buildText == null) {
      return ParseResult.parsed(new TagSuffix(preRelease, ""));
    }
    if (buildText.isEmpty()) {
      return ParseResult.rejected("empty build metadata after \"+\" (drop the \"+\")");
    }
    String wrong = firstDisallowed(buildText);
    if (wrong != null) {
      return ParseResult.rejected(
          String.format("build metadata \"%s\" has %s (%s)", buildText, wrong, ALLOWED));
    }
    return ParseResult.parsed(new TagSuffix(preRelease, buildText));
  }

  /** The first character outside [0-9A-Za-z.-], quoted, or null when there is none. */
  static String firstDisallowed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean allowed =
          (c >= '0' && c <= '9')
              || (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || c == '.'
              || c == '-';
      if (!allowed) {
        return "\"" + c + "\"";
      }
    }
    return null;
  }
}
