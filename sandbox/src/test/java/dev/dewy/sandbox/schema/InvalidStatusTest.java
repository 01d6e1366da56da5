package dev.dewy.sandbox.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The 422 body is byte for byte what kubectl and client libraries get from a real server. */
class InvalidStatusTest {

  private static final FieldError MISSING_REGISTRY = FieldError.required("spec.registry", "");
  private static final FieldError JOB_KIND =
      FieldError.withValue(
          FieldError.Type.NOT_SUPPORTED,
          "spec.target.kind",
          "\"Job\"",
          "supported values: \"Deployment\", \"StatefulSet\", \"DaemonSet\"");

  @Test
  void singleErrorIsNotBracketed() {
    // when
    String body =
        InvalidStatus.forObject("DewyDeployment", "dewy.dev", "myapp", List.of(MISSING_REGISTRY))
            .toString();

    // then
    assertThat(body)
        .isEqualTo(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"DewyDeployment.dewy.dev \\\"myapp\\\" is invalid: spec.registry:"
                + " Required value\",\"reason\":\"Invalid\",\"details\":{\"name\":\"myapp\","
                + "\"group\":\"dewy.dev\",\"kind\":\"DewyDeployment\",\"causes\":[{\"reason\":"
                + "\"FieldValueRequired\",\"message\":\"Required value\",\"field\":\"spec.registry\"}]},"
                + "\"code\":422}");
  }

  @Test
  void severalErrorsAreBracketedAndEachIsACause() {
    // when
    String body =
        InvalidStatus.forObject(
                "DewyDeployment", "dewy.dev", "myapp", List.of(MISSING_REGISTRY, JOB_KIND))
            .toString();

    // then
    assertThat(body)
        .isEqualTo(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"DewyDeployment.dewy.dev \\\"myapp\\\" is invalid: [spec.registry:"
                + " Required value, spec.target.kind: Unsupported value: \\\"Job\\\": supported"
                + " values: \\\"Deployment\\\", \\\"StatefulSet\\\", \\\"DaemonSet\\\"]\","
                + "\"reason\":\"Invalid\",\"details\":{\"name\":\"myapp\",\"group\":\"dewy.dev\","
                + "\"kind\":\"DewyDeployment\",\"causes\":[{\"reason\":\"FieldValueRequired\","
                + "\"message\":\"Required value\",\"field\":\"spec.registry\"},{\"reason\":"
                + "\"FieldValueNotSupported\",\"message\":\"Unsupported value: \\\"Job\\\":"
                + " supported values: \\\"Deployment\\\", \\\"StatefulSet\\\", \\\"DaemonSet\\\"\","
                + "\"field\":\"spec.target.kind\"}]},\"code\":422}");
  }

  @Test
  void repeatedMessageIsShownOnceButKeptAsCauses() {
    // when
    var status =
        InvalidStatus.forObject(
            "DewyDeployment", "dewy.dev", "myapp", List.of(MISSING_REGISTRY, MISSING_REGISTRY));

    // then
    assertThat(status.path("message").asText())
        .isEqualTo("DewyDeployment.dewy.dev \"myapp\" is invalid: spec.registry: Required value");
    assertThat(status.at("/details/causes")).hasSize(2);
  }

  @Test
  void callerMadeErrorsReadLikeTheServers() {
    // when
    var errors =
        List.of(
            FieldError.required("metadata.name", "name or generateName is required"),
            FieldError.invalid(
                "metadata.name", Fixtures.yaml("My_App"), "a lowercase RFC 1123 subdomain"));

    // then
    assertThat(InvalidStatus.aggregate(errors))
        .isEqualTo(
            "[metadata.name: Required value: name or generateName is required, metadata.name:"
                + " Invalid value: \"My_App\": a lowercase RFC 1123 subdomain]");
  }

  @Test
  void coreGroupKindIsNotQualifiedAndHasNoGroup() {
    // when
    var status = InvalidStatus.forObject("ConfigMap", "", "settings", List.of(MISSING_REGISTRY));

    // then
    assertThat(status.path("message").asText())
        .isEqualTo("ConfigMap \"settings\" is invalid: spec.registry: Required value");
    assertThat(status.path("details").has("group")).isFalse();
  }
}
