package dev.dewy.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperatorOptionsTest {

  @Test
  void defaultsWatchEveryNamespaceWithMetricsOn8080() {
    OperatorOptions options = OperatorOptions.parse();
    assertThat(options.namespaces()).isEmpty();
    assertThat(options.metricsPort()).isEqualTo(8080);
    assertThat(options.sandbox()).isFalse();
  }

  @Test
  void namespacesRepeatAndDemoImpliesSandbox() {
    OperatorOptions options =
        OperatorOptions.parse("--namespace=shop", "--namespace=blog", "--demo");
    assertThat(options.namespaces()).isEqualTo(Set.of("shop", "blog"));
    assertThat(options.sandbox()).isTrue();
    assertThat(options.demo()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--nmespace=shop      | unknown option \"--nmespace=shop\" (see --help for the options)",
        "--namespace          | --namespace needs a value, as --namespace=VALUE",
        "--metrics-port=http  | --metrics-port: \"http\" is not a port (expected 0 to 65535)",
        "--metrics-port=70000 | --metrics-port: \"70000\" is not a port (expected 0 to 65535)",
        "--sandbox=yes        | --sandbox takes no value (got \"yes\")",
        "--log-level=verbose  | --log-level: \"verbose\" is not a log level (expected debug, info,"
            + " warn or error)",
        "--log-level          | --log-level needs a value, as --log-level=VALUE",
      })
  void badFlagsAreNamedWithTheFix(String arg, String message) {
    assertThatThrownBy(() -> OperatorOptions.parse(arg)).hasMessage(message);
  }

  @Test
  void logLevelIsInfoWhenNeitherTheFlagNorTheEnvironmentSaysOtherwise() {
    assertThat(OperatorOptions.parse(Map.of()).logLevel()).isEqualTo(LogLevel.INFO);
    assertThat(OperatorOptions.parse(Map.of("DEWY_LOG_LEVEL", "")).logLevel())
        .isEqualTo(LogLevel.INFO);
  }

  @ParameterizedTest
  @CsvSource({"debug, DEBUG", "info, INFO", "WARN, WARN", "Error, ERROR"})
  void logLevelFlagTakesTheFourLevelsInAnyCase(String value, LogLevel level) {
    assertThat(OperatorOptions.parse("--log-level=" + value).logLevel()).isEqualTo(level);
  }

  @Test
  void logLevelComesFromDewyLogLevelAsTheChartSetsIt() {
    assertThat(OperatorOptions.parse(Map.of("DEWY_LOG_LEVEL", "WARN")).logLevel())
        .isEqualTo(LogLevel.WARN);
  }

  @Test
  void logLevelFlagWinsOverTheEnvironment() {
    OperatorOptions options =
        OperatorOptions.parse(Map.of("DEWY_LOG_LEVEL", "error"), "--log-level=debug");
    assertThat(options.logLevel()).isEqualTo(LogLevel.DEBUG);
  }

  @Test
  void aBadDewyLogLevelIsNamedWithTheAcceptedValues() {
    assertThatThrownBy(() -> OperatorOptions.parse(Map.of("DEWY_LOG_LEVEL", "trace")))
        .hasMessage(
            "DEWY_LOG_LEVEL: \"trace\" is not a log level (expected debug, info, warn or error)");
  }

  @Test
  void aFlagOverridesEvenABadEnvironmentValue() {
    assertThat(
            OperatorOptions.parse(Map.of("DEWY_LOG_LEVEL", "trace"), "--log-level=warn").logLevel())
        .isEqualTo(LogLevel.WARN);
  }

  @Test
  void usageNamesTheLogLevelFlagAndItsVariable() {
    assertThat(OperatorOptions.USAGE).contains("--log-level=LEVEL").contains("DEWY_LOG_LEVEL");
  }
}
