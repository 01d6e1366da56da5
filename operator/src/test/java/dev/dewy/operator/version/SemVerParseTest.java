package dev.dewy.operator.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SemVerParseTest {

  @ParameterizedTest(name = "{0} is rejected")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          V1.0.0                     | uppercase "V" prefix (only a lowercase "v" is allowed)
          vv1.0.0                    | more than one "v" prefix (at most one lowercase "v")
          1.0                        | "1.0" has 2 dot-separated parts (expected exactly 3 numbers: MAJOR.MINOR.PATCH)
          1.0.0.0                    | "1.0.0.0" has 4 dot-separated parts (expected exactly 3 numbers: MAJOR.MINOR.PATCH)
          v1.0.0-                    | empty pre-release after "-" (drop the "-" or add e.g. rc.1)
          v1.0.0-rc_1                | pre-release "rc_1" has "_" (allowed: 0-9, A-Z, a-z, "." and "-")
          1.0.0+                     | empty build metadata after "+" (drop the "+")
          1.0.0+build_7              | build metadata "build_7" has "_" (allowed: 0-9, A-Z, a-z, "." and "-")
          1.0.0+a+b                  | build metadata "a+b" has "+" (allowed: 0-9, A-Z, a-z, "." and "-")
          99999999999999999999.0.0   | major "99999999999999999999" is too large for 64 bits
          1.9223372036854775808.0    | minor "9223372036854775808" is too large for 64 bits
          1.0.18446744073709551616   | patch "18446744073709551616" is too large for 64 bits
          1.0.0-rc.99999999999999999999 | pre-release field "99999999999999999999" is too large for 64 bits
          latest                     | "latest" has 1 dot-separated part (expected exactly 3 numbers: MAJOR.MINOR.PATCH)
          sha-abc123                 | "sha" has 1 dot-separated part (expected exactly 3 numbers: MAJOR.MINOR.PATCH)
          main                       | "main" has 1 dot-separated part (expected exactly 3 numbers: MAJOR.MINOR.PATCH)
          1.a.0                      | minor "a" is not a number
          1..0                       | minor "" is not a number
          ` 1.0.0`                   | major " 1" is not a number
          """)
  void rejectsWithTheReason(String tag, String reason) {
    ParseResult<SemVer> result = SemVer.parse(tag);

    assertThat(result.rejectionReason())
        .contains("\"" + tag + "\" is not a semver version: " + reason);
    assertThat(result.toOptional()).isEmpty();
  }

  @Test
  void rejectsAnEmptyTag() {
    assertThat(SemVer.parse("").rejectionReason()).contains("empty tag is not a semver version");
  }

  @ParameterizedTest(name = "{0} reads as {1}.{2}.{3} -{4} +{5}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          1.2.3                         | 1 | 2  | 3 |            |
          v1.2.3                        | 1 | 2  | 3 |            |
          v01.010.0                     | 1 | 10 | 0 |            |
          1.0.0-rc.1                    | 1 | 0  | 0 | rc.1       |
          1.0.0-rc-1.x-y                | 1 | 0  | 0 | rc-1.x-y   |
          v2.0.0-Beta.2+sha.5114f85     | 2 | 0  | 0 | Beta.2     | sha.5114f85
          2.0.0+build-7                 | 2 | 0  | 0 |            | build-7
          9223372036854775807.0.0       | 9223372036854775807 | 0 | 0 | |
          """)
  void readsTheParts(
      String tag, long major, long minor, long patch, String preRelease, String build) {
    SemVer version = SemVer.parse(tag).orElseThrow();

    assertThat(version.major()).isEqualTo(major);
    assertThat(version.minor()).isEqualTo(minor);
    assertThat(version.patch()).isEqualTo(patch);
    assertThat(version.preRelease().toString()).isEqualTo(preRelease == null ? "" : preRelease);
    assertThat(version.build()).isEqualTo(build == null ? "" : build);
    assertThat(version.tag()).isEqualTo(tag);
  }

  @Test
  void splitsPreReleaseIntoIdentifiers() {
    SemVer version = SemVer.parse("1.0.0-alpha.1.x-y").orElseThrow();

    assertThat(version.preRelease().identifiers()).isEqualTo(List.of("alpha", "1", "x-y"));
  }
}
