package dev.dewy.operator.registry;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The {@code Retry-After} header: delay-seconds or an HTTP date, turned into an instant. */
final class RetryAfter {
  /** Used when a 429 names no time; a poll interval's worth is what most registries mean. */
  static final Duration DEFAULT = Duration.ofMinutes(1);

  private RetryAfter() {}

  static Instant parse(Optional<String> header, Instant now) {
    if (header.isEmpty()) {
      return now.plus(DEFAULT);
    }
    String value = header.get().trim();
    if (value.matches("[0-9]{1,9}")) {
      return now.plusSeconds(Long.parseLong(value));
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return at.isBefore(now) ? now : at;
    } catch (DateTimeParseException e) {
      return now.plus(DEFAULT);
    }
  }
}
