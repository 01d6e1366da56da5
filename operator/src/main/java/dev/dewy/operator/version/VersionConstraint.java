package dev.dewy.operator.version;

import java.util.ArrayList;
import java.util.List;

/**
 * A SemVer constraint beyond what Dewy offers, in the npm / Masterminds syntax: comparators {@code
 * = != > >= < <=}, tilde ({@code ~1.4} allows 1.4.x), caret ({@code ^1.2} allows 1.x.x from 1.2.0,
 * {@code ^0.3.1} allows 0.3.x), partial versions ({@code 1.x}, {@code 1.*}, {@code 1}); whitespace
 * (or a comma) between comparators means AND, {@code ||} means OR.
 *
 * <p>Pre-releases: a pre-release version only satisfies a constraint when the policy enables
 * pre-releases; Dewy's {@code pre-release=true} decides, and the constraint never re-admits them
 * (npm's {@code includePrerelease} rule). With pre-releases enabled, a pre-release is placed by
 * ordering, so {@code >=1.2.0} admits {@code 1.3.0-rc.1}. Upper bounds that come from a partial
 * version, tilde or caret stop before the next version's pre-releases ({@code ~1.4} is {@code
 * >=1.4.0 <1.5.0-0}), so {@code ~1.4} never admits {@code 1.5.0-rc.1}; an explicit {@code <2.0.0}
 * does admit {@code 2.0.0-rc.1}, which orders below {@code 2.0.0}.
 */
public final class VersionConstraint {

  private final String text;
  private final List<List<VersionRange>> alternatives;

  private VersionConstraint(String text, List<List<VersionRange>> alternatives) {
    this.text = text;
    this.alternatives = alternatives;
  }

  /** Reads a constraint; a rejection names the constraint text and what is wrong in it. */
  public static ParseResult<VersionConstraint> parse(String text) {
    if (text == null || text.isBlank()) {
      return ParseResult.rejected(
          "constraint is empty (expected e.g. \">=1.2.0 <2.0.0\", \"~1.4\" or \"^2\")");
    }
    try {
      List<List<VersionRange>> alternatives = new ArrayList<>();
      for (String alternative : text.split("\\|\\|", -1)) {
        alternatives.add(parseAlternative(alternative));
      }
      return ParseResult.parsed(new VersionConstraint(text, List.copyOf(alternatives)));
    } catch (IllegalArgumentException wrong) {
      return ParseResult.rejected(String.format("constraint \"%s\": %s", text, wrong.getMessage()));
    }
  }

  private static List<VersionRange> parseAlternative(String alternative) {
    String[] words = alternative.trim().split("[\\s,]+");
    if (words.length == 1 && words[0].isEmpty()) {
      throw new IllegalArgumentException("empty alternative beside \"||\"");
    }
    List<VersionRange> ranges = new ArrayList<>();
    for (int i = 0; i < words.length; i++) {
      String comparator = words[i];
      if (ConstraintOperator.isOperator(comparator)) {
        if (i + 1 == words.length) {
          throw new IllegalArgumentException(
              String.format("\"%s\" has no version after it", comparator));
        }
        comparator += words[++i];
      }
      if (comparator.equals("-")) {
        throw new IllegalArgumentException(
            "hyphen ranges are not supported (write \">=1.2.0 <=1.4.0\" for \"1.2.0 - 1.4.0\")");
      }
      ranges.add(parseComparator(comparator));
    }
    return List.copyOf(ranges);
  }

  private static VersionRange parseComparator(String comparator) {
    ConstraintOperator operator = ConstraintOperator.of(comparator);
    String version =
        comparator.startsWith(operator.symbol)
            ? comparator.substring(operator.symbol.length())
            : comparator;
    return operator.range(PartialVersion.parse(version));
  }

  /** Whether the version satisfies the constraint, by order alone (see the class comment). */
  public boolean test(SemVer version) {
    return alternatives.stream()
        .anyMatch(ranges -> ranges.stream().allMatch(range -> range.contains(version)));
  }

  /** The constraint as written. */
  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }
}
