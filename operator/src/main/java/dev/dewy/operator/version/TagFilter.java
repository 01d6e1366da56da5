package dev.dewy.operator.version;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.List;

/**
 * Which registry tags the version policy gets to see: those an include expression finds a match in
 * (all when there is none) and an exclude expression does not. The expressions are RE2, the syntax
 * of Go's regexp and of the CEL that kube-apiserver checks them with, matched anywhere in the tag
 * as Go's {@code MatchString} does (anchor with {@code ^…$}); RE2 runs in linear time, so an
 * expression cannot make a poll hang on a registry's tags.
 */
public record TagFilter(Pattern include, Pattern exclude) {
  /** No filter: every tag passes. */
  public static final TagFilter NONE = new TagFilter(null, null);

  /** The tags that pass, in the registry's order. */
  public List<String> apply(List<String> tags) {
    if (include == null && exclude == null) {
      return tags;
    }
    return tags.stream().filter(this::passes).toList();
  }

  boolean passes(String tag) {
    return (include == null || include.matcher(tag).find())
        && (exclude == null || !exclude.matcher(tag).find());
  }

  /**
   * An expression compiled, or the reason it is not one (RE2's words); null or blank is no
   * expression.
   */
  public static ParseResult<Pattern> expression(String regex) {
    if (regex == null || regex.isBlank()) {
      return ParseResult.parsed(null);
    }
    try {
      return ParseResult.parsed(Pattern.compile(regex));
    } catch (PatternSyntaxException e) {
      return ParseResult.rejected(
          "\"%s\" is not a regular expression: %s (RE2 syntax, as in Go; e.g. ^v1\\.[0-9]+\\.[0-9]+$)"
              .formatted(regex, e.getDescription()));
    }
  }
}
