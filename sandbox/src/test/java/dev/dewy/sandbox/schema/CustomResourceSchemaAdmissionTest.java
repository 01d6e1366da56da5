package dev.dewy.sandbox.schema;

import static dev.dewy.sandbox.schema.Fixtures.at;
import static dev.dewy.sandbox.schema.Fixtures.myapp;
import static dev.dewy.sandbox.schema.Fixtures.schema;
import static dev.dewy.sandbox.schema.Fixtures.with;
import static dev.dewy.sandbox.schema.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Valid objects come back pruned and defaulted, the way a real API server stores them. */
class CustomResourceSchemaAdmissionTest {

  static Stream<Arguments> acceptedValues() {
    return Stream.of(
        arguments("spec.interval", "1h30m"),
        arguments("spec.interval", "1.5µs"),
        arguments("spec.registry", "s3://eu-west-1/bucket/app"),
        arguments("spec.hooks.beforeDeploy.retries", "2.0"),
        arguments("spec.rollout.maxUnavailable", "1"),
        arguments("spec.rollout.maxUnavailable", "50%"),
        arguments("spec.version", "null"),
        arguments("spec.target.kind", "StatefulSet"),
        arguments("status.lastCheckedAt", "2026-03-15T10:30:45Z"),
        arguments("status.lastCheckedAt", "2026-03-15T10:30:45.123+02:00"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("acceptedValues")
  void validValueIsAcceptedAndKept(String path, String value) {
    // when
    AdmissionResult result = schema().admit(with(myapp(), path, value));

    // then
    assertThat(result.errors()).isEmpty();
    assertThat(at(result.object(), path)).isEqualTo(yaml(value));
  }

  @Test
  void absentFieldsGetDefaultsIncludingInsideADefaultedObject() {
    // when
    AdmissionResult result = schema().admit(myapp());

    // then rollout is defaulted to {} and then its own fields are defaulted
    assertThat(result.errors()).isEmpty();
    assertThat(result.object().get("spec"))
        .isEqualTo(
            yaml(
                """
                registry: img://registry.example.com/shop/myapp?pre-release=true
                target: {kind: Deployment, name: myapp}
                hooks:
                  beforeDeploy:
                    command: scripts/pre-check.sh
                    env: [{name: STAGE, value: pre}]
                    timeout: 10m
                    retries: 0
                interval: 1m
                suspend: false
                historyLimit: 10
                rollout: {timeoutSeconds: 600, maxUnavailable: 25%}
                """));
  }

  @Test
  void givenValuesAreNotReplacedByDefaults() {
    // given
    ObjectNode object = with(myapp(), "spec.interval", "30s");
    with(object, "spec.rollout", "{timeoutSeconds: 60}");

    // when
    AdmissionResult result = schema().admit(object);

    // then
    assertThat(at(result.object(), "spec.interval").asText()).isEqualTo("30s");
    assertThat(result.object().at("/spec/rollout"))
        .isEqualTo(yaml("{timeoutSeconds: 60, maxUnavailable: 25%}"));
  }

  @Test
  void nullsAreKeptOnlyWhereNullableAndOtherwiseDefaultedOrDropped() {
    // given
    ObjectNode object = with(myapp(), "spec.version", "null");
    with(object, "spec.suspend", "null");
    with(object, "spec.notifier", "null");
    with(object, "spec.podAnnotations", "{team: shop, owner: null}");

    // when
    AdmissionResult result = schema().admit(object);

    // then
    ObjectNode spec = (ObjectNode) result.object().get("spec");
    assertThat(result.errors()).isEmpty();
    assertThat(spec.get("version").isNull()).isTrue();
    assertThat(spec.get("suspend").booleanValue()).isFalse();
    assertThat(spec.has("notifier")).isFalse();
    assertThat(spec.get("podAnnotations")).isEqualTo(yaml("{team: shop}"));
    assertThat(result.prunedFields()).isEmpty();
  }

  @Test
  void preserveUnknownFieldsKeepsAnythingBelowIt() {
    // given
    ObjectNode object =
        with(
            myapp(),
            "spec.values",
            "{replicas: 3, image: {tag: v1}, anything: [1, two, {x: null}]}");

    // when
    AdmissionResult result = schema().admit(object);

    // then
    assertThat(result.errors()).isEmpty();
    assertThat(result.prunedFields()).isEmpty();
    assertThat(result.object().at("/spec/values"))
        .isEqualTo(yaml("{replicas: 3, image: {tag: v1}, anything: [1, two, {x: null}]}"));
  }

  @Test
  void preserveUnknownFieldsOnAnArrayCarriesToItsItems() {
    // given items whose own schema knows only "name"
    ObjectNode object = with(myapp(), "spec.steps", "[{name: migrate, run: ./migrate.sh}]");

    // when
    AdmissionResult result = schema().admit(object);

    // then
    assertThat(result.prunedFields()).isEmpty();
    assertThat(result.object().at("/spec/steps/0/run").asText()).isEqualTo("./migrate.sh");
  }

  @Test
  void embeddedResourceKeepsItsHeaderAndMetadataButLosesUnknownFields() {
    // given
    ObjectNode object =
        with(
            myapp(),
            "spec.podTemplate",
            "{apiVersion: v1, kind: Pod, metadata: {name: hook, labels: {a: b}},"
                + " spec: {containers: [{name: c}]}, extra: 1}");

    // when
    AdmissionResult result = schema().admit(object);

    // then
    assertThat(result.errors()).isEmpty();
    assertThat(result.prunedFields()).containsExactly("spec.podTemplate.extra");
    assertThat(result.object().at("/spec/podTemplate"))
        .isEqualTo(
            yaml(
                "{apiVersion: v1, kind: Pod, metadata: {name: hook, labels: {a: b}},"
                    + " spec: {containers: [{name: c}]}}"));
  }

  @Test
  void resourceRootKeepsMetadataAsGivenAndPrunesOtherUnknownFields() {
    // given
    ObjectNode object = with(myapp(), "metadata.someday", "maybe");
    with(object, "extra", "1");
    with(object, "spec.target.nmae", "typo");

    // when
    AdmissionResult result = schema().admit(object);

    // then
    assertThat(result.prunedFields()).containsExactly("extra", "spec.target.nmae");
    assertThat(result.object().at("/metadata/someday").asText()).isEqualTo("maybe");
    assertThat(result.object().get("apiVersion").asText()).isEqualTo("dewy.dev/v1alpha1");
    assertThat(result.object().has("extra")).isFalse();
  }

  @Test
  void schemaIsFoundInTheCrdByVersionName() {
    // when
    var schema = CustomResourceSchema.forVersion(Fixtures.crd(), "v1alpha1");

    // then
    assertThat(schema).isPresent();
    assertThat(schema.get().admit(with(myapp(), "spec.target.kind", "Job")).accepted()).isFalse();
    assertThat(CustomResourceSchema.forVersion(Fixtures.crd(), "v1")).isEmpty();
  }

  @Test
  void admittingLeavesTheCallersObjectUnchanged() {
    // given
    ObjectNode object = with(myapp(), "spec.registy", "typo");
    ObjectNode before = object.deepCopy();

    // when
    schema().admit(object);

    // then
    assertThat(object).isEqualTo(before);
  }
}
