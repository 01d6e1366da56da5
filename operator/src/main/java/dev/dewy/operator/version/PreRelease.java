package dev.dewy.operator.version;

import java.util.List;

/**
 * The dot-separated pre-release identifiers of a version, ordered by Dewy's rules: a release beats
 * its pre-releases; numeric fields compare as numbers and rank below text; text compares byte by
 * byte ({@code Beta < alpha}, {@code rc10 < rc2}); when one list is a prefix of the other, the
 * longer wins.
 */
public record PreRelease(List<String> identifiers) implements Comparable<PreRelease> {

  /** No identifiers: the version is a release. */
  public static final PreRelease NONE = new PreRelease(List.of());

  /** {@code -0}, below every other pre-release: an exclusive bound that keeps them all out. */
  static final PreRelease LOWEST = new PreRelease(List.of("0"));

  public PreRelease {
    identifiers = List.copyOf(identifiers);
  }

  /** Reads the text after a version's "-": [0-9A-Za-z.-], non-empty, numbers within 64 bits. */
  static ParseResult<PreRelease> parse(String text) {
    if (text.isEmpty()) {
      return ParseResult.rejected(
          "empty pre-release after \"-\" (drop the \"-\" or add e.g. rc.1)");
    }
    String wrong = TagSuffix.firstDisallowed(text);
    if (wrong != null) {
      return ParseResult.rejected(
          String.format("pre-release \"%s\" has %s (%s)", text, wrong, TagSuffix.ALLOWED));
    }
    List<String> fields = List.of(text.split("\\.", -1));
    for (String field : fields) {
      if (DecimalNumber.isDigits(field) && DecimalNumber.toLong(field).isEmpty()) {
        return ParseResult.rejected(
            String.format("pre-release field \"%s\" is too large for 64 bits", field));
      }
    }
    return ParseResult.parsed(new PreRelease(fields));
  }

  public boolean isEmpty() {
    return identifiers.isEmpty();
  }

  @Override
  public int compareTo(PreRelease other) {
    if (isEmpty() || other.isEmpty()) {
      return Boolean.compare(isEmpty(), other.isEmpty());
    }
    int shared = Math.min(identifiers.size(), other.identifiers.size());
    for (int i = 0; i < shared; i++) {
      int order = compareField(identifiers.get(i), other.identifiers.get(i));
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(identifiers.size(), other.identifiers.size());
  }

  private static int compareField(String a, String b) {
    boolean aNumeric = DecimalNumber.isDigits(a);
    boolean bNumeric = DecimalNumber.isDigits(b);
    if (aNumeric && bNumeric) {
      return Long.compare(Long.parseLong(a), Long.parseLong(b));
    }
    if (aNumeric != bNumeric) {
      return aNumeric ? -1 : 1;
    }
    // Identifiers are ASCII, so comparing chars is comparing bytes.
    return a.compareTo(b);
  }

  @Override
  public String toString() {
    return String.join(".", identifiers);
  }
}
