package dev.dewy.operator.version;

import java.util.List;

/**
 * A Calendar Version tag read against a {@link CalVerFormat}: its numeric segments in format order,
 * compared as numbers left to right, then by the pre-release rules of {@link PreRelease}.
 */
public record CalVer(
    CalVerFormat format, List<Long> segments, PreRelease preRelease, String build, String tag)
    implements Version {

  public CalVer {
    segments = List.copyOf(segments);
  }

  /**
   * Reads a tag against a format text, e.g. {@code CalVer.parse("v2024.03.7", "YYYY.0M.MICRO")}.
   */
  public static ParseResult<CalVer> parse(String tag, String format) {
    ParseResult<CalVerFormat> parsedFormat = CalVerFormat.parse(format);
    if (!parsedFormat.isParsed()) {
      return ParseResult.rejected(parsedFormat.rejectionReason().orElseThrow());
    }
    return parsedFormat.orElseThrow().parseTag(tag);
  }

  @Override
  public int compareTo(Version other) {
    if (!(other instanceof CalVer that)) {
      throw new ClassCastException("cannot order calver " + tag + " against " + other.tag());
    }
    int shared = Math.min(segments.size(), that.segments.size());
    for (int i = 0; i < shared; i++) {
      int order = Long.compare(segments.get(i), that.segments.get(i));
      if (order != 0) {
        return order;
      }
    }
    int order = Integer.compare(segments.size(), that.segments.size());
    return order != 0 ? order : preRelease.compareTo(that.preRelease);
  }

  @Override
  public String toString() {
    return tag;
  }
}
