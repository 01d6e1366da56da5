package dev.dewy.operator.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionSelectionTableTest {

  /** Given the registry's tags (space-separated) and a policy, the selected tag; "-" for none. */
  @ParameterizedTest(name = "[{index}] {0} under [{1}] selects {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # SemVer ordering
          1.9.0 1.10.0                               |                                     | 1.10.0
          1.10.0 1.9.0                               |                                     | 1.10.0
          1.2.3 1.2.10 1.2.9                         |                                     | 1.2.10
          1.9.9 2.0.0 1.99.99                        |                                     | 2.0.0
          v1.0.0 v1.1.0 1.0.5                        |                                     | v1.1.0
          v1.9.0 1.10.0                              |                                     | 1.10.0
          v01.010.0 1.9.0                            |                                     | v01.010.0
          1.9.0 v001.002.003                         |                                     | 1.9.0
          1.0.0+build.5 1.0.1+build.1                |                                     | 1.0.1+build.1
          # non-version tags are skipped
          latest sha-abc123 main v1.0.0              |                                     | v1.0.0
          main 1.2.0 latest 1.3.0 sha-abc123         |                                     | 1.3.0
          latest sha-abc123 main                     |                                     | -
          V9.0.0 vv9.0.0 9.0 9.0.0.0 v9.0.0- 1.0.0   |                                     | 1.0.0
          v9.0.0-rc_1 1.0.0                          | pre                                 | 1.0.0
          99999999999999999999.0.0 1.0.0             |                                     | 1.0.0
          1.0.0-rc.99999999999999999999 1.0.0-rc.1   | pre                                 | 1.0.0-rc.1
          # pre-releases out by default, in when asked
          1.0.0-rc.1 0.9.0                           |                                     | 0.9.0
          1.0.0-rc.1                                 |                                     | -
          1.0.0-rc.1 1.0.0                           | pre                                 | 1.0.0
          1.0.0 1.0.0-rc.1                           | pre                                 | 1.0.0
          1.2.9 1.3.0-rc.1                           | pre                                 | 1.3.0-rc.1
          1.2.9 1.3.0-rc.1                           |                                     | 1.2.9
          1.0.0-rc.9 1.0.0-rc.10                     | pre                                 | 1.0.0-rc.10
          1.0.0-rc10 1.0.0-rc2                       | pre                                 | 1.0.0-rc2
          1.0.0-alpha 1.0.0-Beta                     | pre                                 | 1.0.0-alpha
          1.0.0-1 1.0.0-alpha                        | pre                                 | 1.0.0-alpha
          1.0.0-rc.1.1 1.0.0-rc.1                    | pre                                 | 1.0.0-rc.1.1
          1.0.0-alpha.beta 1.0.0-alpha.1             | pre                                 | 1.0.0-alpha.beta
          v1.0.0-rc.2 1.0.0-rc.10                    | pre                                 | 1.0.0-rc.10
          # ties keep the first tag listed
          v1.0.0 1.0.0                               |                                     | v1.0.0
          1.0.0 v1.0.0                               |                                     | 1.0.0
          1.0.0+a 1.0.0+b                            |                                     | 1.0.0+a
          v1.0.0-rc.1 1.0.0-rc.01                    | pre                                 | v1.0.0-rc.1
          # CalVer
          2024.01.3 2024.02.1 2023.12.9              | calver=YYYY.0M.MICRO                | 2024.02.1
          2024.01.9 2024.01.10                       | calver=YYYY.0M.MICRO                | 2024.01.10
          v2024.03.1 2024.02.7 latest                | calver=YYYY.0M.MICRO                | v2024.03.1
          2024.1.3 2024.01.2                         | calver=YYYY.0M.MICRO                | 2024.01.2
          2024.02.1-rc.1 2024.01.5                   | calver=YYYY.0M.MICRO                | 2024.01.5
          2024.02.1-rc.1 2024.01.5                   | calver=YYYY.0M.MICRO; pre           | 2024.02.1-rc.1
          2024.02.1-rc.1 2024.02.1                   | calver=YYYY.0M.MICRO; pre           | 2024.02.1
          24.3.15 24.12.1 23.12.31                   | calver=YY.MM.DD                     | 24.12.1
          24.03.15 24.3.16                           | calver=YY.MM.DD                     | 24.3.16
          2024-02-31 2024-02-28                      | calver=YYYY-0M-0D                   | 2024-02-31
          2024-01-05 2024-01-05-hotfix.1             | calver=YYYY-0M-0D; pre              | 2024-01-05
          2024.52 2025.1 2024.9                      | calver=YYYY.WW                      | 2025.1
          2024.08 2024.7                             | calver=YYYY.0W                      | 2024.08
          release-24.10 release-24.9 24.11           | calver=release-YY.MM                | release-24.10
          2024.01.99999999999999999999 2024.01.1     | calver=YYYY.0M.MICRO                | 2024.01.1
          1.2.3 2.0.0                                | calver=YYYY.0M.MICRO                | -
          # constraints
          1.9.0 2.0.0 2.1.0                          | constraint=>=1.2.0 <2.0.0           | 1.9.0
          1.4.9 1.5.0 1.4.2                          | constraint=~1.4                     | 1.4.9
          1.4.1 1.4.9 1.5.0                          | constraint=~1.4.2                   | 1.4.9
          2.9.1 3.0.0 1.9.0                          | constraint=^2                       | 2.9.1
          0.3.1 0.3.7 0.4.0                          | constraint=^0.3.1                   | 0.3.7
          1.9.0 1.10.0 2.0.0                         | constraint=1.x                      | 1.10.0
          1.9.0 1.10.0 2.0.0                         | constraint=1.*                      | 1.10.0
          1.2.0 1.3.0 2.0.0                          | constraint=!=2.0.0 !=1.3.0          | 1.2.0
          1.0.0 3.0.0 2.5.0                          | 'constraint=<2.0.0 || >=3.0.0'      | 3.0.0
          1.0.0 3.0.0 2.5.0                          | constraint=<=2.5.0 >1.0.0           | 2.5.0
          1.4.0 1.5.0-rc.1 1.4.1-rc.1                | constraint=~1.4; pre                | 1.4.1-rc.1
          1.9.0 2.0.0-rc.1                           | constraint=^1.0.0; pre              | 1.9.0
          1.9.0 1.10.0-rc.1                          | constraint=^1.0.0                   | 1.9.0
          3.0.0 4.0.0                                | constraint=^2                       | -
          # pins
          1.2.3 1.2.4 1.3.0                          | pin=1.2.3                           | 1.2.3
          v1.2.3 1.3.0                               | pin=1.2.3                           | v1.2.3
          1.2.3 1.3.0                                | pin=v1.2.3                          | 1.2.3
          1.2.3 v1.2.3                               | pin=v1.2.3                          | v1.2.3
          1.3.0-rc.1 1.2.0                           | pin=1.3.0-rc.1                      | 1.3.0-rc.1
          1.2.3 1.3.0                                | pin=1.2.4                           | -
          2024.01.1 2024.02.1                        | calver=YYYY.0M.MICRO; pin=2024.01.1 | 2024.01.1
          """)
  void selectsTheNewestTagThePolicyAllows(String tags, String policy, String expected) {
    Selection selection = VersionSelector.newest(List.of(tags.split(" ")), PolicyText.read(policy));

    if (expected.equals("-")) {
      assertThat(selection).isInstanceOf(Selection.NoMatch.class);
    } else {
      assertThat(selection.found()).map(Selection.Found::tag).contains(expected);
    }
  }
}
