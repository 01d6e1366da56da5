package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

  @ParameterizedTest(name = "{0} is {1} ns")
  @CsvSource({
    "0, 0",
    "1m, 60000000000",
    "1h30m, 5400000000000",
    "1.5s, 1500000000",
    "300ms, 300000000",
    "2h45m10.5s, 9910500000000",
    "10us, 10000",
    "10µs, 10000",
    "7ns, 7",
    ".5s, 500000000",
    "1.s, 1000000000",
    "-1m, -60000000000",
    "+2s, 2000000000",
    "1.0000000015s, 1000000001",
  })
  void givenGoDurationTextWhenParsedThenNanosecondsMatchGo(String text, long nanos) {
    assertThat(GoDuration.parse(text, "spec.interval")).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest(name = "\"{0}\" is rejected")
  @ValueSource(strings = {"10 minutes", "", "1", "10", "1d", "m", "1.2.3s", "s1", "-", "1h 30m"})
  void givenNotADurationWhenParsedThenErrorNamesFieldAndExpectedForm(String text) {
    assertThatThrownBy(() -> GoDuration.parse(text, "spec.hooks.beforeDeploy.timeout"))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage(
            "spec.hooks.beforeDeploy.timeout: \""
                + text
                + "\" is not a duration (expected a Go duration such as 30s, 10m or 1h30m)");
  }

  @org.junit.jupiter.api.Test
  void givenTheBriefsExampleWhenParsedThenMessageIsExact() {
    assertThatThrownBy(() -> GoDuration.parse("10 minutes", "spec.hooks.beforeDeploy.timeout"))
        .hasMessage(
            "spec.hooks.beforeDeploy.timeout: \"10 minutes\" is not a duration (expected a Go"
                + " duration such as 30s, 10m or 1h30m)");
  }

  @org.junit.jupiter.api.Test
  void givenMoreThanGoCanHoldWhenParsedThenRejected() {
    assertThatThrownBy(() -> GoDuration.parse("3000000h", "spec.interval"))
        .hasMessageStartingWith("spec.interval: \"3000000h\" is too long");
  }

  @ParameterizedTest(name = "{0} ns prints as {1}")
  @CsvSource({
    "0, 0s",
    "2500000000, 2.5s",
    "60000000000, 1m0s",
    "3723500000000, 1h2m3.5s",
    "350000000, 350ms",
    "1200, 1.2µs",
    "1, 1ns",
    "999, 999ns",
    "1500000, 1.5ms",
    "3600000000000, 1h0m0s",
    "1000000001, 1.000000001s",
    "-2500000000, -2.5s",
    "90061000000000, 25h1m1s",
  })
  void givenDurationWhenFormattedThenReadsLikeGo(long nanos, String expected) {
    assertThat(GoDuration.format(Duration.ofNanos(nanos))).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1h2m3.5s", "350ms", "1.2µs", "0s", "2h45m10.5s", "1m0s"})
  void givenFormattedDurationWhenParsedAgainThenRoundTrips(String text) {
    assertThat(GoDuration.format(GoDuration.parse(text, "x"))).isEqualTo(text);
  }
}
