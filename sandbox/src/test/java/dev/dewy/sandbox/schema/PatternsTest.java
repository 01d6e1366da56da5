package dev.dewy.sandbox.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Patterns match as Go's regexp.MatchString matches: a search, with RE2's meaning of $. */
class PatternsTest {

  @ParameterizedTest(name = "{0} on {1}: {2}")
  @CsvSource({
    "'^(img|ghr)://.+', 'img://r/app', true",
    "'(img|ghr)://', 'see img://r/app', true",
    "'^[0-9]+m$', '10m', true",
    "'^[0-9]+m$', '10m\n', false",
    "'^[[:alpha:]]+$', 'abc', true",
    "'^[[:alpha:]]+$', 'ab1', false",
    "'^(?P<major>[0-9]+)\\.', '1.2', true",
    "'^[$]x', '$x', true"
  })
  void matchesLikeGo(String pattern, String value, boolean expected) {
    assertThat(Patterns.find(pattern, value)).isEqualTo(expected);
  }
}
