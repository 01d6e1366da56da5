package dev.dewy.operator.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionSelectorTest {

  @Test
  void reportsAllVersionsBeingPreReleases() {
    List<String> tags =
        List.of(
            "latest",
            "main",
            "sha-abc123",
            "sha-def456",
            "1.0.0-rc.1",
            "edge",
            "nightly",
            "1.1.0-beta",
            "dev",
            "stable",
            "2.0.0-alpha.3",
            "canary");

    Selection selection = VersionSelector.newest(tags, VersionPolicy.semver());

    assertThat(selection)
        .isEqualTo(
            new Selection.NoMatch(
                "no tag matches the policy: 12 tags, 3 are versions, all 3 are pre-releases"
                    + " (set pre-release=true to include them)"));
  }

  @ParameterizedTest(name = "{0} under [{1}]")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          1.0.0 1.5.0 2.1.0-rc.1 main | constraint=>=2.0.0 | `4 tags, 3 are versions, 1 is a pre-release (set pre-release=true to include them), 2 are outside constraint ">=2.0.0"`
          3.0.0                       | constraint=^2      | `1 tag, 1 is a version, it is outside constraint "^2"`
          latest main sha-abc123 edge |                    | `4 tags, none is a version under semver (e.g. "latest", "main", "sha-abc123")`
          1.2.3                       | calver=YYYY.0M.MICRO | `1 tag, none is a version under calver format "YYYY.0M.MICRO" (e.g. "1.2.3")`
          ``                          |                    | `the registry lists no tags`
          1.2.3 1.3.0 latest          | pin=v1.2.4         | `pin "v1.2.4" not found among 3 tags (2 are versions)`
          """)
  void explainsWhyNoTagMatches(String tags, String policy, String reason) {
    List<String> listed = tags.isEmpty() ? List.of() : List.of(tags.split(" "));

    Selection selection = VersionSelector.newest(listed, PolicyText.read(policy));

    assertThat(selection).isEqualTo(new Selection.NoMatch("no tag matches the policy: " + reason));
  }

  @Test
  void reportsAPinThatIsNotAVersion() {
    Selection selection = VersionSelector.newest(List.of("1.2.3"), PolicyText.read("pin=V1.2.3"));

    assertThat(selection)
        .isEqualTo(
            new Selection.NoMatch(
                "pin \"V1.2.3\" is not a version: \"V1.2.3\" is not a semver version: uppercase"
                    + " \"V\" prefix (only a lowercase \"v\" is allowed)"));
  }

  @Test
  void pinSelectsAPreReleaseEvenWhenPreReleasesAreOff() {
    Selection selection =
        VersionSelector.newest(List.of("1.2.0", "1.3.0-rc.1"), PolicyText.read("pin=v1.3.0-rc.1"));

    assertThat(selection.found()).map(Selection.Found::tag).contains("1.3.0-rc.1");
  }

  @Test
  void foundCarriesTheParsedVersion() {
    Selection selection =
        VersionSelector.newest(List.of("v1.2.3", "v1.10.0"), VersionPolicy.semver());

    Selection.Found found = selection.found().orElseThrow();
    assertThat(found.tag()).isEqualTo("v1.10.0");
    assertThat(found.version()).isEqualTo(SemVer.parse("v1.10.0").orElseThrow());
  }

  @Test
  void refusesAConstraintTogetherWithCalver() {
    assertThatThrownBy(() -> PolicyText.read("calver=YYYY.0M.MICRO; constraint=^1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "constraint \"^1\" applies to semver tags only; it cannot be combined with calver"
                + " format \"YYYY.0M.MICRO\" (drop one of them)");
  }

  @Test
  void blankPinMeansNewest() {
    Selection selection =
        VersionSelector.newest(List.of("1.0.0", "2.0.0"), VersionPolicy.semver().withPin(" "));

    assertThat(selection.found()).map(Selection.Found::tag).contains("2.0.0");
  }
}
