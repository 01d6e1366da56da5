package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.RetryState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {
  private static final Instant NOW = Instant.parse("2026-03-15T10:00:00Z");

  @ParameterizedTest(name = "interval {0}, failure {1}: wait {2}")
  @CsvSource({
    "1m, 1, 1m0s",
    "1m, 2, 2m0s",
    "1m, 3, 4m0s",
    "1m, 6, 32m0s",
    "1m, 7, 1h0m0s",
    "1m, 1000, 1h0m0s",
    "30s, 4, 4m0s",
    "2h, 1, 2h0m0s",
    "2h, 5, 2h0m0s",
  })
  void givenFailuresWhenDelayedThenDoublesUpToTheCap(String interval, int failures, String wait) {
    Duration delay = Backoff.delay(GoDuration.parse(interval, "spec.interval"), failures);

    assertThat(GoDuration.format(delay)).isEqualTo(wait);
  }

  @Test
  void givenRepeatedFailuresOfOneVersionWhenRecordedThenCountAndNotBeforeGrow() {
    RetryState first = Backoff.recordFailure(null, "v1.5.0", NOW, Duration.ofMinutes(1));
    RetryState second = Backoff.recordFailure(first, "v1.5.0", NOW, Duration.ofMinutes(1));

    assertThat(first.getFailures()).isEqualTo(1);
    assertThat(first.getNotBefore()).isEqualTo("2026-03-15T10:01:00Z");
    assertThat(second.getFailures()).isEqualTo(2);
    assertThat(second.getNotBefore()).isEqualTo("2026-03-15T10:02:00Z");
    assertThat(Backoff.nextAttempt(second, "v1.5.0")).isEqualTo(3);
  }

  @Test
  void givenBackoffWhenAskedBeforeAndAfterNotBeforeThenOnlyAfterIsAllowed() {
    RetryState state = Backoff.recordFailure(null, "v1.5.0", NOW, Duration.ofMinutes(1));

    assertThat(Backoff.allows(state, "v1.5.0", NOW.plusSeconds(59))).isFalse();
    assertThat(Backoff.remaining(state, "v1.5.0", NOW.plusSeconds(59)))
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(Backoff.allows(state, "v1.5.0", NOW.plusSeconds(60))).isTrue();
  }

  @Test
  void givenNewerVersionWhenAskedThenBackoffIsResetAndAttemptsStartOver() {
    RetryState state = Backoff.recordFailure(null, "v1.5.0", NOW, Duration.ofMinutes(1));
    state = Backoff.recordFailure(state, "v1.5.0", NOW, Duration.ofMinutes(1));

    assertThat(Backoff.allows(state, "v1.6.0", NOW)).isTrue();
    assertThat(Backoff.forVersion(state, "v1.6.0")).isNull();
    assertThat(Backoff.forVersion(state, "v1.5.0")).isSameAs(state);
    assertThat(Backoff.nextAttempt(state, "v1.6.0")).isEqualTo(1);
    assertThat(Backoff.recordFailure(state, "v1.6.0", NOW, Duration.ofMinutes(1)).getFailures())
        .isEqualTo(1);
  }

  @Test
  void anInterruptedAttemptAllowsTheNextAtOnceWithTheNextNumber() {
    Instant now = Instant.parse("2026-12-01T10:00:00.700Z");
    var state = Backoff.recordInterruption("v1.1.0", 2, now);

    assertThat(Backoff.allows(state, "v1.1.0", now)).isTrue();
    assertThat(Backoff.nextAttempt(state, "v1.1.0")).isEqualTo(3);
    assertThat(Backoff.rolledBack(state, "v1.1.0")).isFalse();
  }

  @Test
  void aRolledBackVersionIsHeldBackWhateverTheTimeAndOnlyThatVersion() {
    var state =
        Backoff.recordFailure(
            null, "v1.1.0", Instant.parse("2026-12-01T10:00:00Z"), Duration.ofSeconds(10));
    state.setRolledBack(true);

    assertThat(Backoff.rolledBack(state, "v1.1.0")).isTrue();
    assertThat(Backoff.rolledBack(state, "v1.2.0")).isFalse();
    assertThat(Backoff.rolledBack(null, "v1.1.0")).isFalse();
  }
}
