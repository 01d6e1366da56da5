package dev.dewy.sandbox.schema;

import static dev.dewy.sandbox.schema.Fixtures.crd;
import static dev.dewy.sandbox.schema.Fixtures.myapp;
import static dev.dewy.sandbox.schema.Fixtures.with;
import static dev.dewy.sandbox.schema.Fixtures.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dewy.sandbox.CustomResourceAdmission.Admitted;
import dev.dewy.sandbox.CustomResourceAdmission.Rejected;
import dev.dewy.sandbox.CustomResourceAdmission.Request;
import org.junit.jupiter.api.Test;

/** The admission step the sandbox runs on every custom resource write and CRD write. */
class SchemaAdmissionTest {

  private final SchemaAdmission admission = new SchemaAdmission();

  @Test
  void unknownFieldIsPrunedWithAWarningWhenNoFieldValidationIsGiven() {
    // given
    ObjectNode object = with(myapp(), "spec.registy", "typo");

    // when
    Admitted admitted = admission.admit(write(object, false, false, null));

    // then
    assertThat(admitted.object().path("spec").has("registy")).isFalse();
    assertThat(admitted.warnings()).containsExactly("299 - \"unknown field \\\"spec.registy\\\"\"");
  }

  @Test
  void unknownFieldIsPrunedSilentlyUnderIgnore() {
    Admitted admitted =
        admission.admit(write(with(myapp(), "spec.registy", "typo"), false, false, "Ignore"));

    assertThat(admitted.object().path("spec").has("registy")).isFalse();
    assertThat(admitted.warnings()).isEmpty();
  }

  @Test
  void unknownFieldUnderStrictIsA400NamingTheKindOnCreateOrUpdate() {
    Rejected rejected =
        refused(write(with(myapp(), "spec.registy", "typo"), false, false, "Strict"));

    JsonNode status = rejected.status().orElseThrow();
    assertThat(status.path("code").asInt()).isEqualTo(400);
    assertThat(status.path("reason").asText()).isEqualTo("BadRequest");
    assertThat(status.path("message").asText())
        .isEqualTo(
            "DewyDeployment in version \"v1alpha1\" cannot be handled as a DewyDeployment: "
                + "strict decoding error: unknown field \"spec.registy\"");
  }

  @Test
  void unknownFieldUnderStrictIsTheBareDecodingErrorOnAPatch() {
    Rejected rejected =
        refused(write(with(myapp(), "spec.registy", "typo"), false, true, "Strict"));

    assertThat(rejected.status().orElseThrow().path("message").asText())
        .isEqualTo("strict decoding error: unknown field \"spec.registy\"");
  }

  @Test
  void invalidObjectIsA422NamingEachField() {
    // given
    ObjectNode object = without(myapp(), "spec.registry");
    with(object, "spec.target.kind", "Job");

    // when
    Rejected rejected = refused(write(object, false, false, null));

    // then
    JsonNode status = rejected.status().orElseThrow();
    assertThat(status.path("code").asInt()).isEqualTo(422);
    assertThat(status.path("reason").asText()).isEqualTo("Invalid");
    assertThat(status.path("details").path("causes").findValuesAsText("field"))
        .containsExactly("spec.target.kind", "spec.registry");
    assertThat(status.path("message").asText()).startsWith("DewyDeployment.dewy.dev \"myapp\"");
  }

  @Test
  void refusalUnderWarnStillCarriesTheUnknownFieldWarnings() {
    ObjectNode object = with(myapp(), "spec.registy", "typo");
    with(object, "spec.target.kind", "Job");

    Rejected rejected = refused(write(object, false, false, "Warn"));

    assertThat(rejected.status().orElseThrow().path("code").asInt()).isEqualTo(422);
    assertThat(rejected.warnings()).containsExactly("299 - \"unknown field \\\"spec.registy\\\"\"");
  }

  @Test
  void statusWriteChecksOnlyTheStatus() {
    // given a spec a main-resource write would refuse
    ObjectNode object = with(myapp(), "spec.target.kind", "Job");
    with(object, "status", "{phase: Idle, mood: happy}");

    // when
    Admitted admitted = admission.admit(write(object, true, false, null));

    // then
    assertThat(admitted.object().path("status").has("mood")).isFalse();
    assertThat(admitted.object().path("spec").path("target").path("kind").asText())
        .isEqualTo("Job");
    assertThat(admitted.warnings()).containsExactly("299 - \"unknown field \\\"status.mood\\\"\"");
  }

  @Test
  void versionWithoutASchemaIsStoredAsWritten() {
    ObjectNode object = with(myapp(), "spec.registy", "typo");

    Admitted admitted = admission.admit(new Request(crd(), "v9", object, false, false, "Strict"));

    assertThat(admitted.object()).isEqualTo(object);
  }

  @Test
  void crdWhoseSchemaIsNotStructuralIsRefused() {
    ObjectNode crd = without(crd(), Fixtures.SCHEMA_PATH + ".properties.spec.type");

    Rejected rejected = catchThrowableOfType(Rejected.class, () -> admission.admitDefinition(crd));

    assertThat(rejected.status().orElseThrow().path("message").asText())
        .startsWith("CustomResourceDefinition.apiextensions.k8s.io \"dewydeployments.dewy.dev\"")
        .contains("spec.validation.openAPIV3Schema.properties[spec].type: Required value");
  }

  @Test
  void structuralCrdIsAccepted() {
    assertThatCode(() -> admission.admitDefinition(crd())).doesNotThrowAnyException();
  }

  private Rejected refused(Request request) {
    Rejected rejected = catchThrowableOfType(Rejected.class, () -> admission.admit(request));
    assertThat(rejected).as("refused").isNotNull();
    return rejected;
  }

  private static Request write(
      ObjectNode object, boolean statusWrite, boolean patch, String fieldValidation) {
    return new Request(crd(), "v1alpha1", object, statusWrite, patch, fieldValidation);
  }
}
