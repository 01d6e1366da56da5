package dev.dewy.sandbox.schema;

import static dev.dewy.sandbox.schema.Fixtures.myapp;
import static dev.dewy.sandbox.schema.Fixtures.schema;
import static dev.dewy.sandbox.schema.Fixtures.with;
import static dev.dewy.sandbox.schema.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** A write to /status has only its status pruned, defaulted and validated. */
class AdmitStatusTest {

  @Test
  void statusFieldNotInSchemaIsPrunedAndReported() {
    // given
    ObjectNode object = with(myapp(), "status", "{phase: Idle, mood: happy}");

    // when
    AdmissionResult result = schema().admitStatus(object);

    // then
    assertThat(result.accepted()).isTrue();
    assertThat(result.prunedFields()).containsExactly("status.mood");
    assertThat(result.object().get("status")).isEqualTo(yaml("{phase: Idle}"));
  }

  @Test
  void specIsLeftAloneOnAStatusWrite() {
    // given a spec that a main-resource write would prune and reject
    ObjectNode object = with(myapp(), "spec.registy", "typo");
    with(object, "spec.target.kind", "Job");
    with(object, "status.phase", "Idle");

    // when
    AdmissionResult result = schema().admitStatus(object);

    // then
    assertThat(result.accepted()).isTrue();
    assertThat(result.object().get("spec")).isEqualTo(object.get("spec"));
  }

  @Test
  void statusDefaultsApplyInsideArrays() {
    // given
    ObjectNode object = with(myapp(), "status.history", "[{version: v1.4.0, result: Succeeded}]");

    // when
    AdmissionResult result = schema().admitStatus(object);

    // then
    assertThat(result.object().at("/status/history/0"))
        .isEqualTo(yaml("{version: v1.4.0, result: Succeeded, attempts: 1}"));
  }

  @Test
  void invalidConditionsAreReportedWithTheirIndex() {
    // given
    ObjectNode object =
        with(myapp(), "status.conditions", "[{type: Ready, status: Maybe}, {status: 'True'}]");

    // when
    AdmissionResult result = schema().admitStatus(object);

    // then
    assertThat(
            InvalidStatus.forObject("DewyDeployment", "dewy.dev", "myapp", result.errors())
                .path("message")
                .asText())
        .isEqualTo(
            "DewyDeployment.dewy.dev \"myapp\" is invalid: [status.conditions[0].status: Unsupported"
                + " value: \"Maybe\": supported values: \"True\", \"False\", \"Unknown\","
                + " status.conditions[1].type: Required value]");
  }

  @Test
  void objectWithoutStatusPassesUnchanged() {
    // when
    AdmissionResult result = schema().admitStatus(myapp());

    // then
    assertThat(result.accepted()).isTrue();
    assertThat(result.object()).isEqualTo(myapp());
  }
}
