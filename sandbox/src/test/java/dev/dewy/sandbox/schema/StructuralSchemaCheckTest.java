package dev.dewy.sandbox.schema;

import static dev.dewy.sandbox.schema.Fixtures.SCHEMA_PATH;
import static dev.dewy.sandbox.schema.Fixtures.crd;
import static dev.dewy.sandbox.schema.Fixtures.with;
import static dev.dewy.sandbox.schema.Fixtures.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** CRDs a real API server refuses are refused here too, with its message. */
class StructuralSchemaCheckTest {

  private static final String PREFIX =
      "CustomResourceDefinition.apiextensions.k8s.io \"dewydeployments.dewy.dev\" is invalid: ";
  private static final String SPEC = SCHEMA_PATH + ".properties.spec";

  /** A schema every version shares is checked and reported where the server keeps it. */
  private static final String REPORTED = "spec.validation.openAPIV3Schema";

  private static final String SPEC_FIELD = REPORTED + ".properties[spec]";

  static Stream<Arguments> rejectedCrds() {
    return Stream.of(
        arguments(
            "object field without type",
            without(crd(), SPEC + ".properties.target.type"),
            SPEC_FIELD
                + ".properties[target].type: Required value: must not be empty for specified object"
                + " fields"),
        arguments(
            "array items without type",
            without(
                crd(),
                SPEC + ".properties.hooks.properties.beforeDeploy.properties.env.items.type"),
            SPEC_FIELD
                + ".properties[hooks].properties[beforeDeploy].properties[env].items.type: Required"
                + " value: must not be empty for specified array items"),
        arguments(
            "array without items",
            without(crd(), SPEC + ".properties.hooks.properties.beforeDeploy.properties.env.items"),
            SPEC_FIELD
                + ".properties[hooks].properties[beforeDeploy].properties[env].items: Required value:"
                + " must be specified"),
        arguments(
            "root without type",
            without(crd(), SCHEMA_PATH + ".type"),
            REPORTED + ".type: Required value: must not be empty at the root"),
        arguments(
            "metadata restricting labels",
            with(
                crd(), SCHEMA_PATH + ".properties.metadata.properties", "{labels: {type: object}}"),
            REPORTED
                + ".properties[metadata]: Forbidden: must not specify anything other than name and"
                + " generateName, but metadata is implicitly specified"),
        arguments(
            "properties beside additionalProperties",
            with(crd(), SPEC + ".additionalProperties", "{type: string}"),
            SPEC_FIELD
                + ".additionalProperties: Forbidden: additionalProperties and properties are mutual"
                + " exclusive"),
        arguments(
            "type inside anyOf",
            with(crd(), SPEC + ".properties.notifier.anyOf", "[{type: string, pattern: '^slack'}]"),
            SPEC_FIELD
                + ".properties[notifier].anyOf[0].type: Forbidden: must be empty to be structural"),
        arguments(
            "embedded resource that is not an object",
            with(crd(), SPEC + ".properties.podTemplate.type", "string"),
            SPEC_FIELD
                + ".properties[podTemplate].type: Invalid value: \"string\": must be object if"
                + " x-kubernetes-embedded-resource is true"),
        arguments(
            "default that fails its own pattern",
            with(crd(), SPEC + ".properties.interval.default", "soon"),
            SPEC_FIELD
                + ".properties[interval].default: Invalid value: \"soon\":  in body should match"
                + " '^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$'"),
        arguments(
            "default object with a field the schema lacks",
            with(crd(), SPEC + ".properties.rollout.default", "{timeoutSecs: 5}"),
            SPEC_FIELD
                + ".properties[rollout].default: Invalid value: map[string]interface {}{\"timeoutSecs\":5}:"
                + " must not have"
                + " unknown fields"),
        arguments(
            "default object with a wrongly typed field",
            with(crd(), SPEC + ".properties.rollout.default", "{timeoutSeconds: soon}"),
            SPEC_FIELD
                + ".properties[rollout].default.timeoutSeconds: Invalid value: \"string\":"
                + " timeoutSeconds in body must be of type integer: \"string\""),
        arguments(
            "version without schema",
            without(crd(), "spec.versions[0].schema.openAPIV3Schema"),
            SCHEMA_PATH + ": Required value: schemas are required"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejectedCrds")
  void nonStructuralCrdIsRejectedWithTheServersMessage(
      String name, ObjectNode crd, String expected) {
    // when
    List<FieldError> violations = StructuralSchemaCheck.check(crd.get("spec"));

    // then
    assertThat(message(violations)).isEqualTo(PREFIX + expected);
  }

  @Test
  void versionsWithDifferentSchemasAreEachCheckedAndReportedUnderTheirOwnPath() {
    // given a second version whose schema differs from the first's, and is not structural
    ObjectNode crd = crd();
    ObjectNode second = ((ObjectNode) crd.at("/spec/versions/0")).deepCopy();
    second.put("name", "v1beta1").put("storage", false);
    ((ObjectNode) second.at("/schema/openAPIV3Schema")).remove("type");
    crd.withArray("/spec/versions").add(second);

    // when
    List<FieldError> violations = StructuralSchemaCheck.check(crd.get("spec"));

    // then
    assertThat(message(violations))
        .isEqualTo(
            PREFIX
                + "spec.versions[1].schema.openAPIV3Schema.type: Required value: must not be empty"
                + " at the root");
  }

  @Test
  void wellFormedCrdHasNoViolations() {
    assertThat(StructuralSchemaCheck.check(crd().get("spec"))).isEmpty();
  }

  @Test
  void metadataMayRestrictNameAndIntOrStringMayUseItsAnyOf() {
    // given
    ObjectNode crd =
        with(
            crd(),
            SCHEMA_PATH + ".properties.metadata.properties",
            "{name: {type: string, maxLength: 40}}");
    with(
        crd,
        SPEC + ".properties.rollout.properties.maxUnavailable.anyOf",
        "[{type: integer}, {type: string}]");

    // then
    assertThat(StructuralSchemaCheck.check(crd.get("spec"))).isEmpty();
  }

  @Test
  void severalViolationsAreSortedByMessageAsTheServerSortsThem() {
    // given
    ObjectNode crd = without(crd(), SPEC + ".properties.target.type");
    without(crd, SPEC + ".properties.hooks.type");

    // when
    List<FieldError> violations = StructuralSchemaCheck.check(crd.get("spec"));

    // then
    assertThat(message(violations))
        .isEqualTo(
            PREFIX
                + "["
                + SPEC_FIELD
                + ".properties[hooks].type: Required value: must not be empty for specified object"
                + " fields, "
                + SPEC_FIELD
                + ".properties[target].type: Required value: must not be empty for specified object"
                + " fields]");
  }

  private static String message(List<FieldError> violations) {
    return InvalidStatus.forObject(
            "CustomResourceDefinition",
            "apiextensions.k8s.io",
            "dewydeployments.dewy.dev",
            violations)
        .path("message")
        .asText();
  }
}
