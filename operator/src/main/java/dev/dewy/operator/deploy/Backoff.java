package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.RetryState;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * How long to wait before trying a failed version again: the poll interval doubled per failure
 * ({@code interval × 2^(failures-1)}), capped at one hour (or the interval, if that is longer), so
 * a broken release is not hammered but a fixed environment is picked up within the hour. A newer
 * version is tried at once.
 */
public final class Backoff {
  /** The longest wait between attempts at the same version. */
  public static final Duration CAP = Duration.ofHours(1);

  private Backoff() {}

  /** The wait after the {@code failures}-th failure (1 = first). */
  public static Duration delay(Duration interval, int failures) {
    if (interval.compareTo(CAP) >= 0) {
      return interval;
    }
    // Past 40 doublings any positive interval is beyond the cap; stopping there avoids overflow.
    int doublings = Math.max(0, Math.min(failures - 1, 40));
    Duration delay = interval.multipliedBy(1L << doublings);
    return delay.compareTo(CAP) > 0 ? CAP : delay;
  }

  /** The state after an attempt at {@code version} failed at {@code now}. */
  public static RetryState recordFailure(
      RetryState previous, String version, Instant now, Duration interval) {
    int failures = sameVersion(previous, version) ? nullToZero(previous.getFailures()) + 1 : 1;
    RetryState next = new RetryState();
    next.setVersion(version);
    next.setFailures(failures);
    next.setNotBefore(
        now.plus(delay(interval, failures)).truncatedTo(ChronoUnit.SECONDS).toString());
    return next;
  }

  /**
   * The state after attempt {@code attempt} at {@code version} was interrupted by someone else's
   * change: no wait, but the next attempt at it is {@code attempt + 1}, with Jobs of its own.
   */
  public static RetryState recordInterruption(String version, int attempt, Instant now) {
    RetryState next = new RetryState();
    next.setVersion(version);
    next.setFailures(attempt);
    next.setNotBefore(now.truncatedTo(ChronoUnit.SECONDS).toString());
    return next;
  }

  /** Whether an attempt at {@code version} may start at {@code now}; other versions always may. */
  public static boolean allows(RetryState state, String version, Instant now) {
    if (!sameVersion(state, version) || state.getNotBefore() == null) {
      return true;
    }
    return !now.isBefore(Instant.parse(state.getNotBefore()));
  }

  /** How long until an attempt at {@code version} may start; zero when it may now. */
  public static Duration remaining(RetryState state, String version, Instant now) {
    if (allows(state, version, now)) {
      return Duration.ZERO;
    }
    return Duration.between(now, Instant.parse(state.getNotBefore()));
  }

  /** The back-off to keep when {@code version} is the one to deploy: a newer version resets it. */
  public static RetryState forVersion(RetryState state, String version) {
    return sameVersion(state, version) ? state : null;
  }

  /**
   * Whether the last attempt at {@code version} failed: a template that carries it after a failed
   * rollout is not up to date.
   */
  public static boolean failedBefore(RetryState state, String version) {
    return sameVersion(state, version);
  }

  /**
   * Whether the last attempt at {@code version} was rolled back: it waits for a newer version or
   * dewy.dev/retry, not for a time.
   */
  public static boolean rolledBack(RetryState state, String version) {
    return sameVersion(state, version) && Boolean.TRUE.equals(state.getRolledBack());
  }

  /** The attempt number for the next try at {@code version}, starting at 1. */
  public static int nextAttempt(RetryState state, String version) {
    return sameVersion(state, version) ? nullToZero(state.getFailures()) + 1 : 1;
  }

  private static boolean sameVersion(RetryState state, String version) {
    return state != null && version != null && version.equals(state.getVersion());
  }

  private static int nullToZero(Integer value) {
    return value == null ? 0 : value;
  }
}
