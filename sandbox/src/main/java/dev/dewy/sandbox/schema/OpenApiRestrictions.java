package dev.dewy.sandbox.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The apiextensions server's restrictions on OpenAPI keywords in a v1 CRD schema. */
final class OpenApiRestrictions {

  private final List<FieldError> errors = new ArrayList<>();

  private OpenApiRestrictions() {}

  static List<FieldError> check(SchemaNode schema, String path) {
    OpenApiRestrictions r = new OpenApiRestrictions();
    r.visit(schema, path);
    return r.errors;
  }

  private void visit(SchemaNode s, String path) {
    JsonNode json = s.json();
    if (json.has("$ref")) {
      errors.add(FieldError.forbidden(child(path, "$ref"), "$ref is not supported"));
    }
    JsonNode additional = json.get("additionalProperties");
    if (additional != null && json.has("properties")) {
      errors.add(
          FieldError.forbidden(
              child(path, "additionalProperties"),
              "additionalProperties and properties are mutual exclusive"));
    } else if (additional != null && additional.isBoolean() && !additional.booleanValue()) {
      errors.add(
          FieldError.forbidden(
              child(path, "additionalProperties"), "additionalProperties cannot be set to false"));
    }
    if (json.path("uniqueItems").asBoolean(false)) {
      errors.add(
          FieldError.forbidden(
              child(path, "uniqueItems"),
              "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"));
    }
    JsonNode preserve = json.get("x-kubernetes-preserve-unknown-fields");
    if (preserve != null && preserve.isBoolean() && !preserve.booleanValue()) {
      errors.add(
          FieldError.withValue(
              FieldError.Type.INVALID,
              child(path, "x-kubernetes-preserve-unknown-fields"),
              "false",
              "must be true or undefined"));
    }
    s.properties().forEach((name, p) -> visit(p, path + ".properties[" + name + "]"));
    s.items().ifPresent(items -> visit(items, child(path, "items")));
    s.additionalProperties().ifPresent(ap -> visit(ap, child(path, "additionalProperties")));
  }

  private static String child(String path, String name) {
    return SchemaNode.child(path, name);
  }
}
