package dev.dewy.operator.deploy;

import java.time.Duration;
import java.util.Optional;

/**
 * Something outside the spec stops the flow for now (a missing target or Secret, an unreachable
 * registry): the resource is marked Ready=False with {@link #reason()} and tried again later,
 * unlike {@link InvalidSpecException}, which waits for the spec to change.
 */
final class BlockedException extends RuntimeException {
  private final String reason;
  private final Duration retryAfter;

  BlockedException(String reason, String message) {
    this(reason, message, null);
  }

  BlockedException(String reason, String message, Duration retryAfter) {
    super(message);
    this.reason = reason;
    this.retryAfter = retryAfter;
  }

  String reason() {
    return reason;
  }

  /** When to look again, if sooner or later than the poll interval. */
  Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
