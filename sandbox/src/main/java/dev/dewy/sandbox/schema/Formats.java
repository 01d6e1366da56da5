package dev.dewy.sandbox.schema;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The string formats the apiextensions server checks; any other format name is ignored, as the
 * server ignores formats it does not know. {@code int32} and {@code int64} are not range-checked by
 * the server either.
 */
final class Formats {

  /** The time half of go-openapi's date-time check; the '.' before the fraction is any char. */
  private static final Pattern TIME =
      Pattern.compile("^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$");

  private static final Pattern UUID =
      Pattern.compile("^(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$");
  private static final Pattern UUID_VERSIONED =
      Pattern.compile(
          "^(?i)[0-9a-f]{8}-[0-9a-f]{4}-([345])[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  private static final Pattern DURATION =
      Pattern.compile("^[-+]?(\\d+(\\.\\d+)?\\s*(ns|us|µs|ms|s|m|h|d|w)\\s*)+$");

  private Formats() {}

  static boolean accepts(String format, String value) {
    return switch (format) {
      case "date-time", "datetime" -> isDateTime(value);
      case "date" -> isDate(value);
      case "byte" -> isBase64(value);
      case "uuid" -> UUID.matcher(value).matches();
      case "uuid3", "uuid4", "uuid5" -> isUuidVersion(value, format.charAt(4));
      case "uri" -> isUri(value);
      case "duration" -> DURATION.matcher(value).matches();
      default -> true;
    };
  }

  /** go-openapi's IsDateTime: a date, a 't', then HH:MM:SS, optional fraction, zone required. */
  private static boolean isDateTime(String value) {
    String[] parts = value.toLowerCase(Locale.ROOT).split("t", -1);
    if (value.length() < 4 || parts.length < 2 || !isDate(parts[0])) {
      return false;
    }
    var m = TIME.matcher(parts[1]);
    return m.matches()
        && m.group(1).compareTo("23") <= 0
        && m.group(2).compareTo("59") <= 0
        && m.group(3).compareTo("59") <= 0;
  }

  private static boolean isDate(String value) {
    try {
      LocalDate.parse(value);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** Go's StdEncoding: padding required, which Java's decoder does not insist on. */
  private static boolean isBase64(String value) {
    if (value.length() % 4 != 0) {
      return false;
    }
    try {
      Base64.getDecoder().decode(value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean isUuidVersion(String value, char version) {
    var m = UUID_VERSIONED.matcher(value);
    return m.matches() && m.group(1).charAt(0) == version;
  }

  /** Go's url.Parse is lenient: only a missing scheme before ':', bad escapes or controls fail. */
  private static boolean isUri(String value) {
    if (value.startsWith(":") || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == ' ')) {
      return false;
    }
    for (int i = value.indexOf('%'); i >= 0; i = value.indexOf('%', i + 1)) {
      if (i + 2 >= value.length()
          || Character.digit(value.charAt(i + 1), 16) < 0
          || Character.digit(value.charAt(i + 2), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
