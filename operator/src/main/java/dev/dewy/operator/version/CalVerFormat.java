package dev.dewy.operator.version;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CalVer format such as {@code YYYY.0M.MICRO}, read left to right: specifiers (see {@link
 * CalVerSpecifier}) become numeric segments, any other character must appear literally. Tags may
 * add a lowercase "v" before and "-prerelease" / "+build" after.
 */
public final class CalVerFormat implements VersionScheme {

  private static final String SUFFIX = "(?:-([^+]*))?(?:\\+(.*))?";

  /** One element of the format: a specifier, or a literal character when specifier is null. */
  private record Element(CalVerSpecifier specifier, char literal) {
    String regex() {
      return specifier == null
          ? Pattern.quote(String.valueOf(literal))
          : "(" + specifier.regex + ")";
    }

    String meaning() {
      return specifier == null
          ? "\"" + literal + "\""
          : specifier.symbol + " (" + specifier.meaning + ")";
    }
  }

  private final String format;
  private final List<Element> elements;
  private final int segmentCount;
  private final Pattern pattern;
  private final List<Pattern> prefixes = new ArrayList<>();

  private CalVerFormat(String format, List<Element> elements) {
    this.format = format;
    this.elements = List.copyOf(elements);
    this.segmentCount = (int) elements.stream().filter(e -> e.specifier() != null).count();
    this.pattern = Pattern.compile(prefixRegex(elements.size()) + SUFFIX);
    for (int count = 1; count <= elements.size(); count++) {
      prefixes.add(Pattern.compile(prefixRegex(count)));
    }
  }

  /** Reads a format; it needs at least one specifier. */
  public static ParseResult<CalVerFormat> parse(String format) {
    if (format == null || format.isEmpty()) {
      return ParseResult.rejected(
          "calver format is empty (expected specifiers such as YYYY.0M.MICRO)");
    }
    List<Element> elements = new ArrayList<>();
    boolean hasSpecifier = false;
    int index = 0;
    while (index < format.length()) {
      CalVerSpecifier specifier = CalVerSpecifier.at(format, index);
      if (specifier == null) {
        elements.add(new Element(null, format.charAt(index)));
        index++;
      } else {
        elements.add(new Element(specifier, ' '));
        hasSpecifier = true;
        index += specifier.symbol.length();
      }
    }
    if (!hasSpecifier) {
      return ParseResult.rejected(
          String.format(
              "calver format \"%s\" has no specifier (expected at least one of %s, e.g."
                  + " YYYY.0M.MICRO)",
              format, CalVerSpecifier.symbols()));
    }
    return ParseResult.parsed(new CalVerFormat(format, elements));
  }

  /** Reads a tag in this format. */
  public ParseResult<CalVer> parseTag(String tag) {
    Matcher match = tag == null ? null : pattern.matcher(tag);
    if (match == null || !match.matches()) {
      return reject(tag, tag == null ? "no tag" : mismatch(tag));
    }
    ParseResult<TagSuffix> suffix =
        TagSuffix.of(match.group(segmentCount + 1), match.group(segmentCount + 2));
    if (!suffix.isParsed()) {
      return reject(tag, suffix.rejectionReason().orElseThrow());
    }
    List<Long> segments = new ArrayList<>();
    for (int group = 1; group <= segmentCount; group++) {
      OptionalLong value = DecimalNumber.toLong(match.group(group));
      if (value.isEmpty()) {
        return reject(
            tag, String.format("segment \"%s\" is too large for 64 bits", match.group(group)));
      }
      segments.add(value.getAsLong());
    }
    TagSuffix parsed = suffix.orElseThrow();
    return ParseResult.parsed(new CalVer(this, segments, parsed.preRelease(), parsed.build(), tag));
  }

  @Override
  public ParseResult<Version> parseVersion(String tag) {
    return parseTag(tag).map(Version.class::cast);
  }

  @Override
  public String describe() {
    return "calver format \"" + format + "\"";
  }

  /** Finds the first element the tag fails, to say where it stops matching. */
  private String mismatch(String tag) {
    int matchedUpTo = 0;
    for (int count = 1; count <= elements.size(); count++) {
      Matcher prefix = prefixes.get(count - 1).matcher(tag);
      if (!prefix.lookingAt()) {
        return String.format(
            "expected %s at \"%s\"", elements.get(count - 1).meaning(), tag.substring(matchedUpTo));
      }
      matchedUpTo = prefix.end();
    }
    return String.format(
        "unexpected \"%s\" after the version (expected -PRERELEASE or +BUILD)",
        tag.substring(matchedUpTo));
  }

  private String prefixRegex(int count) {
    StringBuilder regex = new StringBuilder("v?");
    elements.subList(0, count).forEach(element -> regex.append(element.regex()));
    return regex.toString();
  }

  private ParseResult<CalVer> reject(String tag, String why) {
    return ParseResult.rejected(
        String.format("\"%s\" does not match %s: %s", tag, describe(), why));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CalVerFormat that && format.equals(that.format);
  }

  @Override
  public int hashCode() {
    return format.hashCode();
  }

  @Override
  public String toString() {
    return format;
  }
}
