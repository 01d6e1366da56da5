package dev.dewy.sandbox.api;

import static dev.dewy.sandbox.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Printer-column JSONPath as CRDs use it. */
class JsonPathColumnTest {
  static final String OBJECT =
      "{'spec':{'size':3,'parts':['a','b']},'status':{'conditions':["
          + "{'type':'Reconciling','status':'False'},{'type':'Ready','status':'True'}]}}";

  @Test
  void simplePathsAndIndexesResolve() {
    assertThat(JsonPathColumn.evaluate(json(OBJECT), ".spec.size").asInt()).isEqualTo(3);
    assertThat(JsonPathColumn.evaluate(json(OBJECT), ".spec.parts[1]").asText()).isEqualTo("b");
  }

  @Test
  void aFilterPicksTheConditionByType() {
    var ready =
        JsonPathColumn.evaluate(json(OBJECT), ".status.conditions[?(@.type==\"Ready\")].status");
    assertThat(ready.asText()).isEqualTo("True");
  }

  @Test
  void missingFieldsAndUnsupportedSyntaxGiveMissing() {
    assertThat(JsonPathColumn.evaluate(json(OBJECT), ".status.phase").isMissingNode()).isTrue();
    assertThat(JsonPathColumn.evaluate(json(OBJECT), ".spec.parts[*]").isMissingNode()).isTrue();
  }
}
