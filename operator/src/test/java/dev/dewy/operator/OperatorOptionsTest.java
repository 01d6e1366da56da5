package dev.dewy.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
      })
  void badFlagsAreNamedWithTheFix(String arg, String message) {
    assertThatThrownBy(() -> OperatorOptions.parse(arg)).hasMessage(message);
  }
}
