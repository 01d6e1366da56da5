package dev.dewy.sandbox.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Rejects CRD schemas a real API server rejects on create: first the OpenAPI restrictions ({@code
 * $ref}, {@code additionalProperties} beside {@code properties}, {@code uniqueItems}...), then,
 * when those pass, the structural-schema rules, sorted by message as the server sorts them, and,
 * for a structural schema, the validity of its defaults. Report the result with {@code
 * InvalidStatus.forObject("CustomResourceDefinition", "apiextensions.k8s.io", name, violations)}.
 */
public final class StructuralSchemaCheck {

  private StructuralSchemaCheck() {}

  /**
   * Violations in a CRD's {@code spec} (v1, with {@code versions[]}); empty when acceptable. As on
   * the server, where every version has the same schema the schema is checked once, and reported,
   * as {@code spec.validation.openAPIV3Schema} (the internal form the v1 CRD is converted to keeps
   * a shared schema there).
   */
  public static List<FieldError> check(JsonNode crdSpec) {
    List<FieldError> errors = new ArrayList<>();
    JsonNode versions = crdSpec.path("versions");
    JsonNode first = versions.path(0).path("schema").get("openAPIV3Schema");
    boolean shared = first != null && first.isObject();
    for (JsonNode version : versions) {
      shared &= first != null && first.equals(version.path("schema").get("openAPIV3Schema"));
    }
    if (shared) {
      check(first, "spec.validation.openAPIV3Schema", errors);
      return errors;
    }
    for (int i = 0; i < versions.size(); i++) {
      String path = "spec.versions[" + i + "].schema.openAPIV3Schema";
      JsonNode schema = versions.get(i).path("schema").get("openAPIV3Schema");
      if (schema == null || !schema.isObject()) {
        errors.add(FieldError.required(path, "schemas are required"));
        continue;
      }
      check(schema, path, errors);
    }
    return errors;
  }

  private static void check(JsonNode schema, String path, List<FieldError> errors) {
    List<FieldError> openApi = OpenApiRestrictions.check(SchemaNode.of(schema), path);
    errors.addAll(openApi);
    if (openApi.isEmpty()) {
      List<FieldError> structural = StructuralRules.check(SchemaNode.of(schema), path);
      structural.sort(Comparator.comparing(FieldError::message));
      errors.addAll(structural);
      if (structural.isEmpty()) {
        errors.addAll(DefaultsCheck.check(SchemaNode.of(schema), path));
      }
    }
  }
}
