package dev.dewy.sandbox.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Values in messages are printed as Go prints them, so messages match the server's. */
class GoTextTest {

  @ParameterizedTest
  @CsvSource({
    "1.5, 1.5",
    "2.0, 2",
    "-0.25, -0.25",
    "0.00001, 1e-05",
    "1e21, 1e+21",
    "123456.5, 123456.5"
  })
  void numbersPrintAsGoPercentV(double value, String expected) {
    assertThat(GoText.number(JsonNodeFactory.instance.numberNode(value))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{b: 1, a: [x, 2.5, null]}|map[string]interface {}{\"a\":[]interface {}{\"x\", 2.5, interface {}(nil)}, \"b\":1}",
        "[]|[]interface {}{}"
      })
  void compoundValuesPrintAsGoSyntax(String yaml, String expected) {
    assertThat(GoText.value(Fixtures.yaml(yaml))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"1.5µs|\"1.5µs\"", "say \"hi\"|\"say \\\"hi\\\"\"", "a\\b|\"a\\\\b\""})
  void stringsQuoteAsGoPercentQ(String value, String expected) {
    assertThat(GoText.quote(value)).isEqualTo(expected);
  }
}
