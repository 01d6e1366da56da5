package dev.dewy.sandbox.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dewy.sandbox.CustomResourceAdmission;
import java.util.List;
import java.util.Optional;

/**
 * The API server's CRD schema handling as the sandbox's admission step: prune, default and validate
 * every custom resource write against its version's {@code openAPIV3Schema}, answer unknown fields
 * per {@code fieldValidation}, and refuse CRDs whose schema is not structural.
 */
public final class SchemaAdmission implements CustomResourceAdmission {

  @Override
  public Admitted admit(Request request) {
    Optional<CustomResourceSchema> schema =
        CustomResourceSchema.forVersion(request.crd(), request.version());
    if (schema.isEmpty()) {
      return Admitted.of(request.object());
    }
    AdmissionResult result =
        request.statusWrite()
            ? schema.get().admitStatus(request.object())
            : schema.get().admit(request.object());
    JsonNode names = request.crd().path("spec").path("names");
    String kind = names.path("kind").asText();
    List<String> pruned = result.prunedFields();
    List<String> warnings = List.of();
    switch (FieldValidation.of(request.fieldValidation())) {
      case STRICT -> {
        if (!pruned.isEmpty()) {
          throw new Rejected(
              request.patch()
                  ? UnknownFields.strictPatchError(pruned)
                  : UnknownFields.strictError(kind, request.version(), pruned));
        }
      }
      case WARN -> warnings = UnknownFields.warningHeaders(pruned);
      case IGNORE -> {}
    }
    if (!result.accepted()) {
      throw new Rejected(
          InvalidStatus.forObject(
              kind,
              request.crd().path("spec").path("group").asText(),
              request.object().path("metadata").path("name").asText(),
              result.errors()),
          warnings);
    }
    return new Admitted(result.object(), warnings);
  }

  @Override
  public void admitDefinition(JsonNode crd) {
    List<FieldError> errors = StructuralSchemaCheck.check(crd.path("spec"));
    if (!errors.isEmpty()) {
      throw new Rejected(
          InvalidStatus.forObject(
              "CustomResourceDefinition",
              "apiextensions.k8s.io",
              crd.path("metadata").path("name").asText(),
              errors));
    }
  }

  /** The {@code fieldValidation} directives; none given means Warn, the server's default. */
  private enum FieldValidation {
    STRICT,
    WARN,
    IGNORE;

    static FieldValidation of(String directive) {
      if (directive == null || directive.isEmpty()) {
        return WARN;
      }
      return switch (directive) {
        case "Strict" -> STRICT;
        case "Ignore" -> IGNORE;
        default -> WARN;
      };
    }
  }
}
