package dev.dewy.sandbox.schema;

import static dev.dewy.sandbox.schema.Fixtures.myapp;
import static dev.dewy.sandbox.schema.Fixtures.schema;
import static dev.dewy.sandbox.schema.Fixtures.with;
import static dev.dewy.sandbox.schema.Fixtures.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each invalid DewyDeployment gets the message a real API server would answer with. */
class CustomResourceSchemaRejectionTest {

  private static final String PREFIX = "DewyDeployment.dewy.dev \"myapp\" is invalid: ";

  static Stream<Arguments> invalidObjects() {
    return Stream.of(
        arguments(
            "missing registry", without(myapp(), "spec.registry"), "spec.registry: Required value"),
        arguments(
            "unknown registry scheme",
            with(myapp(), "spec.registry", "imgs://registry.example.com/app"),
            "spec.registry: Invalid value: \"imgs://registry.example.com/app\": spec.registry in body"
                + " should match '^(img|ghr|s3|gs|grpc)://.+'"),
        arguments(
            "target kind Job",
            with(myapp(), "spec.target.kind", "Job"),
            "spec.target.kind: Unsupported value: \"Job\": supported values: \"Deployment\","
                + " \"StatefulSet\", \"DaemonSet\""),
        arguments(
            "target without name",
            without(myapp(), "spec.target.name"),
            "spec.target.name: Required value"),
        arguments(
            "empty target name",
            with(myapp(), "spec.target.name", "''"),
            "spec.target.name: Invalid value: \"\": spec.target.name in body should be at least 1 chars"
                + " long"),
        arguments(
            "malformed duration",
            with(myapp(), "spec.interval", "5 minutes"),
            "spec.interval: Invalid value: \"5 minutes\": spec.interval in body should match"
                + " '^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$'"),
        arguments(
            "negative retries",
            with(myapp(), "spec.hooks.beforeDeploy.retries", "-1"),
            "spec.hooks.beforeDeploy.retries: Invalid value: -1: spec.hooks.beforeDeploy.retries in body"
                + " should be greater than or equal to 0"),
        arguments(
            "retries as text",
            with(myapp(), "spec.hooks.beforeDeploy.retries", "three"),
            "spec.hooks.beforeDeploy.retries: Invalid value: \"string\": spec.hooks.beforeDeploy.retries"
                + " in body must be of type integer: \"string\""),
        arguments(
            "fractional retries",
            with(myapp(), "spec.hooks.beforeDeploy.retries", "1.5"),
            "spec.hooks.beforeDeploy.retries: Invalid value: \"number\": spec.hooks.beforeDeploy.retries"
                + " in body must be of type integer: \"number\""),
        arguments(
            "suspend as text",
            with(myapp(), "spec.suspend", "'yes'"),
            "spec.suspend: Invalid value: \"string\": spec.suspend in body must be of type boolean:"
                + " \"string\""),
        arguments(
            "history limit below minimum",
            with(myapp(), "spec.historyLimit", "0"),
            "spec.historyLimit: Invalid value: 0: spec.historyLimit in body should be greater than or"
                + " equal to 1"),
        arguments(
            "history limit above maximum",
            with(myapp(), "spec.historyLimit", "101"),
            "spec.historyLimit: Invalid value: 101: spec.historyLimit in body should be less than or"
                + " equal to 100"),
        arguments(
            "env as a map",
            with(myapp(), "spec.hooks.beforeDeploy.env", "{STAGE: pre}"),
            "spec.hooks.beforeDeploy.env: Invalid value: \"object\": spec.hooks.beforeDeploy.env in body"
                + " must be of type array: \"object\""),
        arguments(
            "env entry without name",
            with(myapp(), "spec.hooks.beforeDeploy.env[1]", "{value: x}"),
            "spec.hooks.beforeDeploy.env[1].name: Required value"),
        arguments(
            "null env entry",
            with(myapp(), "spec.hooks.beforeDeploy.env[0]", "null"),
            "spec.hooks.beforeDeploy.env[0]: Invalid value: \"null\": spec.hooks.beforeDeploy.env[0] in"
                + " body must be of type object: \"null\""),
        arguments(
            "too many env entries",
            with(
                myapp(),
                "spec.hooks.beforeDeploy.env",
                "[{name: A}, {name: B}, {name: C}, {name: D}, {name: E}]"),
            "spec.hooks.beforeDeploy.env: Too many: 5: must have at most 4 items"),
        arguments(
            "too long secret name",
            with(myapp(), "spec.credentialsSecret", "x".repeat(254)),
            "spec.credentialsSecret: Too long: may not be more than 253 bytes"),
        arguments(
            "annotation value not a string",
            with(myapp(), "spec.podAnnotations", "{team: 3}"),
            "spec.podAnnotations.team: Invalid value: \"integer\": spec.podAnnotations.team in body must"
                + " be of type string: \"integer\""),
        arguments(
            "int-or-string given a boolean",
            with(myapp(), "spec.rollout.maxUnavailable", "true"),
            "spec.rollout.maxUnavailable: Invalid value: \"boolean\": spec.rollout.maxUnavailable in body"
                + " must be of type integer,string: \"boolean\""),
        arguments(
            "null target is dropped, then missing",
            with(myapp(), "spec.target", "null"),
            "spec.target: Required value"),
        arguments(
            "embedded resource without kind",
            with(myapp(), "spec.podTemplate", "{apiVersion: v1, spec: {}}"),
            "spec.podTemplate.kind: Required value"),
        arguments(
            "repeated tag in a set",
            with(myapp(), "spec.tags", "[a, b, a, a]"),
            "spec.tags[2]: Duplicate value: \"a\""),
        arguments(
            "two conditions of one type",
            with(
                myapp(),
                "status.conditions",
                "[{type: Ready, status: 'True'}, {type: Ready, status: 'False'}]"),
            "status.conditions[1]: Duplicate value: map[string]interface {}{\"type\":\"Ready\"}"),
        arguments(
            "unknown phase",
            with(myapp(), "status.phase", "Running"),
            "status.phase: Unsupported value: \"Running\": supported values: \"Idle\","
                + " \"RunningBeforeHook\", \"Updating\", \"RunningAfterHook\", \"Failed\""),
        arguments(
            "timestamp not RFC 3339",
            with(myapp(), "status.lastCheckedAt", "yesterday"),
            "status.lastCheckedAt: Invalid value: \"yesterday\": status.lastCheckedAt in body must be of"
                + " type date-time: \"yesterday\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidObjects")
  void invalidObjectIsRejectedWithTheServersMessage(
      String name, ObjectNode object, String expected) {
    // when
    AdmissionResult result = schema().admit(object);

    // then
    assertThat(result.accepted()).isFalse();
    assertThat(message(result)).isEqualTo(PREFIX + expected);
  }

  @Test
  void severalErrorsAreBracketedWithPropertiesBeforeMissingRequiredFields() {
    // given registry missing, a Job target, a bad interval and negative retries
    ObjectNode object = without(myapp(), "spec.registry");
    with(object, "spec.target.kind", "Job");
    with(object, "spec.interval", "soon");
    with(object, "spec.hooks.beforeDeploy.retries", "-2");

    // when
    AdmissionResult result = schema().admit(object);

    // then the declared properties come first, in schema order, then the missing required one
    assertThat(message(result))
        .isEqualTo(
            PREFIX
                + "[spec.interval: Invalid value: \"soon\": spec.interval in body should match"
                + " '^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$', "
                + "spec.target.kind: Unsupported value: \"Job\": supported values: \"Deployment\","
                + " \"StatefulSet\", \"DaemonSet\", "
                + "spec.hooks.beforeDeploy.retries: Invalid value: -2: spec.hooks.beforeDeploy.retries in"
                + " body should be greater than or equal to 0, "
                + "spec.registry: Required value]");
    assertThat(result.errors())
        .extracting(e -> e.type().reason())
        .containsExactly(
            "FieldValueInvalid",
            "FieldValueNotSupported",
            "FieldValueInvalid",
            "FieldValueRequired");
  }

  @Test
  void mistypedFieldNameIsPrunedAndTheRealFieldReportedMissing() {
    // given the user wrote "registy"
    ObjectNode object = without(myapp(), "spec.registry");
    with(object, "spec.registy", "img://registry.example.com/shop/myapp");

    // when
    AdmissionResult result = schema().admit(object);

    // then
    assertThat(result.prunedFields()).containsExactly("spec.registy");
    assertThat(result.object().path("spec").has("registy")).isFalse();
    assertThat(message(result)).isEqualTo(PREFIX + "spec.registry: Required value");
  }

  private static String message(AdmissionResult result) {
    return InvalidStatus.forObject("DewyDeployment", "dewy.dev", "myapp", result.errors())
        .path("message")
        .asText();
  }
}
