package dev.dewy.operator.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Tag filters as RE2 reads them: found anywhere in the tag, include first, then exclude. */
class TagFilterTest {
  private static final List<String> TAGS =
      List.of("v1.0.0", "v1.1.0", "v1.2.0-debug", "v2.0.0", "latest", "build-v1.9.0");

  private static TagFilter filter(String include, String exclude) {
    return new TagFilter(
        TagFilter.expression(include).orElseThrow(), TagFilter.expression(exclude).orElseThrow());
  }

  @Test
  void noFilterLetsEveryTagThrough() {
    assertThat(TagFilter.NONE.apply(TAGS)).isEqualTo(TAGS);
    assertThat(filter("", " ").apply(TAGS)).isEqualTo(TAGS);
  }

  @Test
  void anIncludeIsFoundAnywhereInTheTagUnlessAnchored() {
    assertThat(filter("v1\\.", null).apply(TAGS))
        .containsExactly("v1.0.0", "v1.1.0", "v1.2.0-debug", "build-v1.9.0");
    assertThat(filter("^v1\\.", null).apply(TAGS))
        .containsExactly("v1.0.0", "v1.1.0", "v1.2.0-debug");
  }

  @Test
  void anExcludeDropsWhatItMatchesFromWhatTheIncludeKept() {
    assertThat(filter("^v1\\.", "-debug$").apply(TAGS)).containsExactly("v1.0.0", "v1.1.0");
    assertThat(filter(null, "^v2|latest").apply(TAGS))
        .containsExactly("v1.0.0", "v1.1.0", "v1.2.0-debug", "build-v1.9.0");
  }

  @Test
  void anExpressionRe2CannotCompileIsRefusedWithRe2sReasonAndAnExample() {
    assertThat(TagFilter.expression("^v1.(").rejectionReason())
        .contains(
            "\"^v1.(\" is not a regular expression: missing closing ) (RE2 syntax, as in Go;"
                + " e.g. ^v1\\.[0-9]+\\.[0-9]+$)");
    assertThat(TagFilter.expression("v(?=1)").isParsed()).as("no lookahead in RE2").isFalse();
  }
}
