package dev.dewy.sandbox.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The string formats the server checks accept and refuse the same values here. */
class FormatsTest {

  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource({
    "date-time, 2026-03-15T10:30:45Z, true",
    "date-time, 2026-03-15T10:30:45.5+01:00, true",
    "date-time, 2026-02-30T10:30:45Z, false",
    "date-time, 2026-03-15 10:30:45, false",
    "date-time, 2026-03-15t10:30:45z, true",
    "date-time, 2026-03-15T10:30Z, false",
    "date-time, 2026-03-15T10:30:45, false",
    "date-time, 2026-03-15T24:00:00Z, false",
    "date, 2026-03-15, true",
    "date, 15/03/2026, false",
    "byte, aGVsbG8=, true",
    "byte, not base64!, false",
    "byte, aGVsbG8, false",
    "uuid, 123e4567-e89b-12d3-a456-426614174000, true",
    "uuid, 123e4567, false",
    "uuid4, 123e4567-e89b-42d3-a456-426614174000, true",
    "uuid4, 123e4567-e89b-12d3-a456-426614174000, false",
    "uri, https://example.com/a?b=c, true",
    "uri, '%zz', false",
    "duration, 1h30m, true",
    "duration, soon, false",
    "int32, 99999999999, true",
    "made-up-format, anything, true"
  })
  void acceptsWhatTheServerAccepts(String format, String value, boolean expected) {
    assertThat(Formats.accepts(format, value)).isEqualTo(expected);
  }
}
