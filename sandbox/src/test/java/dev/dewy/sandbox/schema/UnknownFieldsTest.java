package dev.dewy.sandbox.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Pruned fields are reported as fieldValidation=Strict and =Warn report them on a cluster. */
class UnknownFieldsTest {

  @Test
  void strictCreateAnswersBadRequestNamingEveryUnknownField() {
    // when
    String body =
        UnknownFields.strictError(
                "DewyDeployment", "v1alpha1", List.of("spec.registy", "spec.target.nmae"))
            .toString();

    // then
    assertThat(body)
        .isEqualTo(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"DewyDeployment in version \\\"v1alpha1\\\" cannot be handled as a"
                + " DewyDeployment: strict decoding error: unknown field \\\"spec.registy\\\", unknown"
                + " field \\\"spec.target.nmae\\\"\",\"reason\":\"BadRequest\",\"code\":400}");
  }

  @Test
  void strictPatchCarriesTheBareDecodingError() {
    // when
    var status = UnknownFields.strictPatchError(List.of("spec.registy"));

    // then
    assertThat(status.path("message").asText())
        .isEqualTo("strict decoding error: unknown field \"spec.registy\"");
    assertThat(status.path("code").asInt()).isEqualTo(400);
  }

  @Test
  void warnValidationGivesOneWarningHeaderPerField() {
    // when
    List<String> headers = UnknownFields.warningHeaders(List.of("spec.registy", "status.mood"));

    // then
    assertThat(headers)
        .containsExactly(
            "299 - \"unknown field \\\"spec.registy\\\"\"",
            "299 - \"unknown field \\\"status.mood\\\"\"");
  }
}
