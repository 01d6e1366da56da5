package dev.dewy.operator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The header parsers behind img://: WWW-Authenticate, Link and Retry-After. */
class HttpHeadersTest {
  private static final URI PAGE = URI.create("https://r.example.com/v2/app/tags/list?n=2");
  private static final Instant NOW = Instant.parse("2026-03-15T10:30:00Z");

  @Test
  void bearerChallengeGivesRealmServiceAndScope() {
    AuthChallenge challenge =
        AuthChallenge.parse(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                    + "scope=\"repository:library/nginx:pull\"")
            .orElseThrow();

    assertThat(challenge.isBearer()).isTrue();
    assertThat(challenge.params())
        .isEqualTo(
            Map.of(
                "realm", "https://auth.docker.io/token",
                "service", "registry.docker.io",
                "scope", "repository:library/nginx:pull"));
  }

  @Test
  void basicChallengeIsRecognisedWhateverTheCase() {
    AuthChallenge challenge = AuthChallenge.parse("basic realm=\"Registry Realm\"").orElseThrow();

    assertThat(challenge.isBasic()).isTrue();
    assertThat(challenge.param("realm")).contains("Registry Realm");
  }

  @Test
  void unquotedAndEscapedParametersAreRead() {
    AuthChallenge challenge =
        AuthChallenge.parse("Bearer realm=https://a.example.com/t, service=\"say \\\"hi\\\"\"")
            .orElseThrow();

    assertThat(challenge.param("realm")).contains("https://a.example.com/t");
    assertThat(challenge.param("service")).contains("say \"hi\"");
    assertThat(AuthChallenge.parse("  ")).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          </v2/app/tags/list?n=2&last=b>; rel="next"                         | https://r.example.com/v2/app/tags/list?n=2&last=b
          <https://r.example.com/v2/app/tags/list?last=b&n=2>; rel=next      | https://r.example.com/v2/app/tags/list?last=b&n=2
          <tags/list?last=c>;rel="next"                                     | https://r.example.com/v2/app/tags/tags/list?last=c
          </v2/x>; rel="prev", </v2/app/tags/list?last=d>; rel="next"        | https://r.example.com/v2/app/tags/list?last=d
          </v2/app/tags/list?last=e>; title="x"; rel="last next"             | https://r.example.com/v2/app/tags/list?last=e
          """)
  void nextLinkIsResolvedAgainstThePage(String header, String next) {
    assertThat(LinkHeader.next(List.of(header), PAGE)).contains(URI.create(next));
  }

  @Test
  void noNextLinkMeansTheLastPage() {
    assertThat(LinkHeader.next(List.of("</v2/x>; rel=\"prev\""), PAGE)).isEmpty();
    assertThat(LinkHeader.next(List.of(), PAGE)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          30                             | 2026-03-15T10:30:30Z
          0                              | 2026-03-15T10:30:00Z
          Sun, 15 Mar 2026 11:00:00 GMT  | 2026-03-15T11:00:00Z
          Sun, 15 Mar 2026 09:00:00 GMT  | 2026-03-15T10:30:00Z
          soon                           | 2026-03-15T10:31:00Z
          """)
  void retryAfterIsDelaySecondsOrAnHttpDateAndOneMinuteWhenUnreadable(
      String header, String expected) {
    assertThat(RetryAfter.parse(Optional.of(header), NOW)).isEqualTo(Instant.parse(expected));
  }

  @Test
  void retryAfterDefaultsToOneMinuteWhenAbsent() {
    assertThat(RetryAfter.parse(Optional.empty(), NOW)).isEqualTo(NOW.plusSeconds(60));
  }

  @ParameterizedTest
  @CsvSource({
    "v1.0.0, true",
    "latest, true",
    "_x, true",
    "1.0.0-rc.1_b, true",
    "-rc, false",
    ".v1, false",
    "v1+build, false",
    "'', false"
  })
  void ociTagRule(String tag, boolean valid) {
    assertThat(OciTag.isValid(tag)).isEqualTo(valid);
  }

  @Test
  void ociTagsAreAtMost128Characters() {
    assertThat(OciTag.isValid("a".repeat(128))).isTrue();
    assertThat(OciTag.isValid("a".repeat(129))).isFalse();
  }
}
