package dev.dewy.operator.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionOrderTest {

  @ParameterizedTest(name = "{0} {2} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          1.10.0         | 1.9.0          | >
          2.0.0          | 1.99.99        | >
          1.2.10         | 1.2.9          | >
          v1.2.3         | 1.2.3          | =
          v01.010.0      | 1.10.0         | =
          1.0.0+build.1  | 1.0.0+build.2  | =
          1.0.0-rc.1     | 1.0.0          | <
          1.0.0          | 1.0.0-rc.99    | >
          1.3.0-rc.1     | 1.2.9          | >
          1.0.0-rc.10    | 1.0.0-rc.9     | >
          1.0.0-rc.01    | 1.0.0-rc.1     | =
          1.0.0-rc10     | 1.0.0-rc2      | <
          1.0.0-Beta     | 1.0.0-alpha    | <
          1.0.0-1        | 1.0.0-alpha    | <
          1.0.0-999      | 1.0.0-a        | <
          1.0.0-alpha    | 1.0.0-alpha.1  | <
          1.0.0-rc.1.1   | 1.0.0-rc.1     | >
          1.0.0-alpha.1  | 1.0.0-alpha.b  | <
          1.0.0-rc-1     | 1.0.0-rc.1     | >
          1.0.0-0        | 1.0.0-alpha    | <
          9223372036854775807.0.0 | 9223372036854775806.9.9 | >
          """)
  void semverOrdersByNumbersThenPreRelease(String left, String right, String expected) {
    SemVer a = SemVer.parse(left).orElseThrow();
    SemVer b = SemVer.parse(right).orElseThrow();

    assertThat(sign(a.compareTo(b))).isEqualTo(expected);
    assertThat(sign(b.compareTo(a))).isEqualTo(reversed(expected));
  }

  @ParameterizedTest(name = "{0} {2} {1} in {3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          2024.02.1         | 2024.01.9         | >  | YYYY.0M.MICRO
          2024.01.10        | 2024.01.9         | >  | YYYY.0M.MICRO
          v2024.01.1        | 2024.01.1         | =  | YYYY.0M.MICRO
          2024.01.1-rc.1    | 2024.01.1         | <  | YYYY.0M.MICRO
          2024.01.2-rc.1    | 2024.01.1         | >  | YYYY.0M.MICRO
          2024.01.1-rc.10   | 2024.01.1-rc.9    | >  | YYYY.0M.MICRO
          2024.01.1+b1      | 2024.01.1+b2      | =  | YYYY.0M.MICRO
          24.12.1           | 24.3.31           | >  | YY.MM.DD
          106.1.1           | 99.12.31          | >  | YY.MM.DD
          2025.01           | 2024.53           | >  | YYYY.0W
          """)
  void calverOrdersBySegmentsLeftToRight(
      String left, String right, String expected, String format) {
    CalVer a = CalVer.parse(left, format).orElseThrow();
    CalVer b = CalVer.parse(right, format).orElseThrow();

    assertThat(sign(a.compareTo(b))).isEqualTo(expected);
    assertThat(sign(b.compareTo(a))).isEqualTo(reversed(expected));
  }

  @Test
  void semverAndCalverCannotBeOrderedAgainstEachOther() {
    SemVer semver = SemVer.parse("1.0.0").orElseThrow();
    CalVer calver = CalVer.parse("2024.01.1", "YYYY.0M.MICRO").orElseThrow();

    assertThatThrownBy(() -> semver.compareTo(calver))
        .isInstanceOf(ClassCastException.class)
        .hasMessage("cannot order semver 1.0.0 against 2024.01.1");
  }

  @Test
  void preReleaseIsReportedOnBothKinds() {
    assertThat(SemVer.parse("1.0.0-rc.1").orElseThrow().isPreRelease()).isTrue();
    assertThat(SemVer.parse("1.0.0+rc.1").orElseThrow().isPreRelease()).isFalse();
    assertThat(CalVer.parse("2024.01.1-rc.1", "YYYY.0M.MICRO").orElseThrow().isPreRelease())
        .isTrue();
  }

  private static String sign(int comparison) {
    return comparison < 0 ? "<" : comparison > 0 ? ">" : "=";
  }

  private static String reversed(String sign) {
    return sign.equals("<") ? ">" : sign.equals(">") ? "<" : "=";
  }
}
