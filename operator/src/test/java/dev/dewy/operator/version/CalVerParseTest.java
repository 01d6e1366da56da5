package dev.dewy.operator.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CalVerParseTest {

  @ParameterizedTest(name = "format {0} is rejected")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          1.2.3     | calver format "1.2.3" has no specifier (expected at least one of YYYY, 0Y, YY, 0M, MM, 0W, WW, 0D, DD, MICRO, e.g. YYYY.0M.MICRO)
          Y.M.D     | calver format "Y.M.D" has no specifier (expected at least one of YYYY, 0Y, YY, 0M, MM, 0W, WW, 0D, DD, MICRO, e.g. YYYY.0M.MICRO)
          ``        | calver format is empty (expected specifiers such as YYYY.0M.MICRO)
          """)
  void rejectsAFormatWithoutSpecifiers(String format, String reason) {
    assertThat(CalVerFormat.parse(format).rejectionReason()).contains(reason);
  }

  @ParameterizedTest(name = "{0} in {1} reads as {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          2024.03.7             | YYYY.0M.MICRO | 2024 3 7           |          |
          v2024.03.7            | YYYY.0M.MICRO | 2024 3 7           |          |
          2024.03.7-rc.2+b.9    | YYYY.0M.MICRO | 2024 3 7           | rc.2     | b.9
          2024.02.31            | YYYY.0M.0D    | 2024 2 31          |          |
          24.3.5                | YY.MM.DD      | 24 3 5             |          |
          6.3.5                 | YY.MM.DD      | 6 3 5              |          |
          06.3                  | 0Y.MM         | 6 3                |          |
          106.12                | 0Y.MM         | 106 12             |          |
          2024.53               | YYYY.WW       | 2024 53            |          |
          2024-01-15-hotfix.1   | YYYY-0M-0D    | 2024 1 15          | hotfix.1 |
          20240115              | YYYY0M0D      | 2024 1 15          |          |
          2024.1.123456789012   | YYYY.MM.MICRO | 2024 1 123456789012 |         |
          build-2024.7          | build-YYYY.MM | 2024 7             |          |
          """)
  void readsSegments(String tag, String format, String segments, String preRelease, String build) {
    CalVer version = CalVer.parse(tag, format).orElseThrow();

    assertThat(version.segments())
        .isEqualTo(List.of(segments.split(" ")).stream().map(Long::valueOf).toList());
    assertThat(version.preRelease().toString()).isEqualTo(preRelease == null ? "" : preRelease);
    assertThat(version.build()).isEqualTo(build == null ? "" : build);
    assertThat(version.tag()).isEqualTo(tag);
  }

  @ParameterizedTest(name = "{0} in {1} is rejected")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          2024.3.7            | YYYY.0M.MICRO | expected 0M (a zero-padded month 01-12) at "3.7"
          24.03.7             | YYYY.0M.MICRO | expected YYYY (a 4-digit year) at "24.03.7"
          2024.13.1           | YYYY.0M.MICRO | expected 0M (a zero-padded month 01-12) at "13.1"
          2024.03.x           | YYYY.0M.MICRO | expected MICRO (a number) at "x"
          2024.03             | YYYY.0M.MICRO | expected "." at ""
          V2024.03.1          | YYYY.0M.MICRO | expected YYYY (a 4-digit year) at "V2024.03.1"
          vv2024.03.1         | YYYY.0M.MICRO | expected YYYY (a 4-digit year) at "vv2024.03.1"
          2024.03.1.2         | YYYY.0M.MICRO | unexpected ".2" after the version (expected -PRERELEASE or +BUILD)
          2024.03.1-          | YYYY.0M.MICRO | empty pre-release after "-" (drop the "-" or add e.g. rc.1)
          2024.03.1-rc_1      | YYYY.0M.MICRO | pre-release "rc_1" has "_" (allowed: 0-9, A-Z, a-z, "." and "-")
          2024.03.1+          | YYYY.0M.MICRO | empty build metadata after "+" (drop the "+")
          2024.03.99999999999999999999 | YYYY.0M.MICRO | segment "99999999999999999999" is too large for 64 bits
          24.03.5             | YY.MM.DD      | expected MM (a month 1-12 without zero padding) at "03.5"
          24.3.05             | YY.MM.DD      | expected DD (a day 1-31 without zero padding) at "05"
          24.3.32             | YY.MM.DD      | unexpected "2" after the version (expected -PRERELEASE or +BUILD)
          2024.1              | YYYY.0W       | expected 0W (a zero-padded week 01-53) at "1"
          2024.54             | YYYY.WW       | unexpected "4" after the version (expected -PRERELEASE or +BUILD)
          6.3                 | 0Y.MM         | expected 0Y (a 2- or 3-digit year) at "6.3"
          2024.3              | YY.MM         | expected "." at "4.3"
          latest              | YYYY.0M.MICRO | expected YYYY (a 4-digit year) at "latest"
          """)
  void rejectsTagsOutsideTheFormatWithTheReason(String tag, String format, String reason) {
    ParseResult<CalVer> result = CalVer.parse(tag, format);

    assertThat(result.rejectionReason())
        .contains("\"" + tag + "\" does not match calver format \"" + format + "\": " + reason);
  }

  @Test
  void readsSpecifiersLongestFirst() {
    CalVerFormat format = CalVerFormat.parse("YYYY.0Y").orElseThrow();

    assertThat(format.parseTag("2024.024").toOptional()).isPresent();
    assertThat(format.describe()).isEqualTo("calver format \"YYYY.0Y\"");
  }
}
