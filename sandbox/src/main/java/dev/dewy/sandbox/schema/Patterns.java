package dev.dewy.sandbox.schema;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Schema {@code pattern}s, matched as Go's {@code regexp.MatchString} does: unanchored search.
 * Java's syntax covers the RE2 subset CRDs use; the few RE2-only forms are translated.
 */
final class Patterns {

  private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

  private Patterns() {}

  static boolean find(String pattern, String value) {
    return compile(pattern).matcher(value).find();
  }

  /** Compiles an RE2 pattern; throws {@link PatternSyntaxException} when it is not valid. */
  static Pattern compile(String pattern) {
    return COMPILED.computeIfAbsent(pattern, p -> Pattern.compile(toJava(p)));
  }

  /** RE2 named groups {@code (?P<name>...)} become Java's {@code (?<name>...)}. */
  private static String toJava(String re2) {
    return re2.replace("(?P<", "(?<");
  }
}
