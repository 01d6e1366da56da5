package dev.dewy.sandbox.schema;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Schema {@code pattern}s, matched as Go's {@code regexp.MatchString} does: unanchored search.
 * Java's syntax covers the RE2 subset CRDs use; the few RE2 forms that differ are translated.
 */
final class Patterns {

  private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

  private static final Map<String, String> POSIX_CLASSES =
      Map.of(
          "[:alnum:]", "\\p{Alnum}",
          "[:alpha:]", "\\p{Alpha}",
          "[:digit:]", "\\p{Digit}",
          "[:lower:]", "\\p{Lower}",
          "[:upper:]", "\\p{Upper}",
          "[:space:]", "\\s",
          "[:xdigit:]", "\\p{XDigit}",
          "[:punct:]", "\\p{Punct}",
          "[:word:]", "\\w");

  private Patterns() {}

  static boolean find(String pattern, String value) {
    return compile(pattern).matcher(value).find();
  }

  /** Compiles an RE2 pattern; throws {@link PatternSyntaxException} when it is not valid. */
  static Pattern compile(String pattern) {
    return COMPILED.computeIfAbsent(pattern, p -> Pattern.compile(toJava(p)));
  }

  private static String toJava(String re2) {
    String java = re2.replace("(?P<", "(?<");
    for (var posix : POSIX_CLASSES.entrySet()) {
      java = java.replace(posix.getKey(), posix.getValue());
    }
    return java.contains("(?m") || java.contains("(?sm") ? java : strictEnd(java);
  }

  /** RE2's {@code $} matches only at the very end; Java's also before a final line break. */
  private static String strictEnd(String re) {
    StringBuilder out = new StringBuilder();
    boolean inClass = false;
    for (int i = 0; i < re.length(); i++) {
      char c = re.charAt(i);
      if (c == '\\' && i + 1 < re.length()) {
        out.append(c).append(re.charAt(++i));
        continue;
      }
      if (c == '[') {
        inClass = true;
      } else if (c == ']') {
        inClass = false;
      }
      out.append(c == '$' && !inClass ? "\\z" : String.valueOf(c));
    }
    return out.toString();
  }
}
