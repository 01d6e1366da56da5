package dev.dewy.operator.version;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionConstraintTest {

  @ParameterizedTest(name = "{1} satisfies \"{0}\": {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          >=1.2.0 <2.0.0     | 1.2.0        | true
          >=1.2.0 <2.0.0     | 1.9.9        | true
          >=1.2.0 <2.0.0     | 2.0.0        | false
          >=1.2.0 <2.0.0     | 1.1.9        | false
          >=1.2.0, <2.0.0    | 1.5.0        | true
          >= 1.2.0 < 2.0.0   | 1.5.0        | true
          `<1.0.0 || >=2.0.0` | 0.9.0       | true
          `<1.0.0 || >=2.0.0` | 1.5.0       | false
          `<1.0.0 || >=2.0.0` | 2.0.0       | true
          =1.2.3             | v1.2.3       | true
          =1.2.3             | 1.2.4        | false
          1.2.3              | 1.2.3+build  | true
          !=1.2.3            | 1.2.3        | false
          !=1.2.3            | 1.2.4        | true
          !=1.2              | 1.2.7        | false
          !=1.2              | 1.3.0        | true
          >1.2.3             | 1.2.3        | false
          >1.2.3             | 1.2.4        | true
          >1.2               | 1.2.9        | false
          >1.2               | 1.3.0        | true
          <1.2.3             | 1.2.2        | true
          <1.2.3             | 1.2.3        | false
          <1.2               | 1.1.99       | true
          <1.2               | 1.2.0-rc.1   | false
          <=1.2.3            | 1.2.3        | true
          <=1.2              | 1.2.99       | true
          <=1.2              | 1.3.0        | false
          ~1.4               | 1.4.0        | true
          ~1.4               | 1.4.99       | true
          ~1.4               | 1.5.0        | false
          ~1.4               | 1.5.0-rc.1   | false
          ~1.4.2             | 1.4.1        | false
          ~1.4.2             | 1.4.2        | true
          ~1.4.2             | 1.5.0        | false
          ~1                 | 1.9.0        | true
          ~1                 | 2.0.0        | false
          ^2                 | 2.0.0        | true
          ^2                 | 2.99.0       | true
          ^2                 | 3.0.0        | false
          ^2                 | 1.9.9        | false
          ^1.2.3             | 1.9.0        | true
          ^1.2.3             | 1.2.2        | false
          ^0.3.1             | 0.3.1        | true
          ^0.3.1             | 0.3.9        | true
          ^0.3.1             | 0.4.0        | false
          ^0.3.1             | 0.3.0        | false
          ^0.0.3             | 0.0.3        | true
          ^0.0.3             | 0.0.4        | false
          ^0.0               | 0.0.9        | true
          ^0.0               | 0.1.0        | false
          ^0                 | 0.9.9        | true
          ^0                 | 1.0.0        | false
          1.x                | 1.99.0       | true
          1.x                | 2.0.0        | false
          1.*                | 1.0.0        | true
          1.2.X              | 1.2.7        | true
          1.2.x              | 1.3.0        | false
          1                  | 1.4.0        | true
          *                  | 0.0.1        | true
          x                  | 99.0.0       | true
          >=1.0.0-rc.1       | 1.0.0-rc.2   | true
          >=1.0.0-rc.1       | 1.0.0-beta   | false
          >=1.2.0            | 1.3.0-rc.1   | true
          <2.0.0             | 2.0.0-rc.1   | true
          ^1.0.0             | 2.0.0-rc.1   | false
          >=v1.2.0           | 1.2.0        | true
          >9223372036854775807  | 1.0.0     | false
          <=9223372036854775807 | 1.0.0     | true
          """)
  void satisfiesByOrder(String constraint, String version, boolean expected) {
    VersionConstraint parsed = VersionConstraint.parse(constraint).orElseThrow();

    assertThat(parsed.test(SemVer.parse(version).orElseThrow())).isEqualTo(expected);
  }

  @ParameterizedTest(name = "\"{0}\" is rejected")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          >=1.x.y           | "1.x.y" is not a version (expected MAJOR[.MINOR[.PATCH]] with x or * as wildcards, e.g. 1.2.3, 1.2 or 1.x)
          >=1.2.3.4         | "1.2.3.4" is not a version (expected MAJOR[.MINOR[.PATCH]] with x or * as wildcards, e.g. 1.2.3, 1.2 or 1.x)
          1.x.3             | "1.x.3" is not a version (expected MAJOR[.MINOR[.PATCH]] with x or * as wildcards, e.g. 1.2.3, 1.2 or 1.x)
          =>1.0.0           | ">1.0.0" is not a version (expected MAJOR[.MINOR[.PATCH]] with x or * as wildcards, e.g. 1.2.3, 1.2 or 1.x)
          latest            | "latest" is not a version (expected MAJOR[.MINOR[.PATCH]] with x or * as wildcards, e.g. 1.2.3, 1.2 or 1.x)
          >=                | ">=" has no version after it
          >*                | ">*" matches no version (use * alone to allow any)
          <*                | "<*" matches no version (use * alone to allow any)
          `1.0.0 ||`        | `empty alternative beside "||"`
          `|| 1.0.0`        | `empty alternative beside "||"`
          1.2.0 - 1.4.0     | hyphen ranges are not supported (write ">=1.2.0 <=1.4.0" for "1.2.0 - 1.4.0")
          >=1.2-rc.1        | "1.2-rc.1" has a pre-release or build on a partial version (write all of MAJOR.MINOR.PATCH)
          >=1.2.3-rc_1      | "1.2.3-rc_1" is not a semver version: pre-release "rc_1" has "_" (allowed: 0-9, A-Z, a-z, "." and "-")
          >=99999999999999999999.0.0 | "99999999999999999999.0.0" has a number too large for 64 bits
          """)
  void rejectsWithTheReason(String constraint, String reason) {
    assertThat(VersionConstraint.parse(constraint).rejectionReason())
        .contains("constraint \"" + constraint + "\": " + reason);
  }

  @ParameterizedTest(name = "\"{0}\" is rejected as empty")
  @CsvSource(
      quoteCharacter = '`',
      value = {"``", "`   `"})
  void rejectsAnEmptyConstraint(String constraint) {
    assertThat(VersionConstraint.parse(constraint).rejectionReason())
        .contains("constraint is empty (expected e.g. \">=1.2.0 <2.0.0\", \"~1.4\" or \"^2\")");
  }
}
