package dev.dewy.sandbox.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The structural rule for {@code anyOf}, {@code allOf}, {@code oneOf} and {@code not}: they may
 * only add value checks, never types, defaults or Kubernetes extensions; the int-or-string {@code
 * anyOf: [integer, string]} is the one exception.
 */
final class JunctorRules {

  /** Keys a value-validation junctor may not carry, with the server's complaint for each. */
  private static final List<String[]> FORBIDDEN_IN_JUNCTORS =
      List.of(
          new String[] {"type", "must be empty to be structural"},
          new String[] {"additionalProperties", "must be undefined to be structural"},
          new String[] {"default", "must be undefined to be structural"},
          new String[] {"title", "must be empty to be structural"},
          new String[] {"description", "must be empty to be structural"},
          new String[] {"nullable", "must be false to be structural"},
          new String[] {"x-kubernetes-preserve-unknown-fields", "must be false to be structural"},
          new String[] {"x-kubernetes-embedded-resource", "must be false to be structural"},
          new String[] {"x-kubernetes-int-or-string", "must be false to be structural"},
          new String[] {"x-kubernetes-list-map-keys", "must be empty to be structural"},
          new String[] {"x-kubernetes-list-type", "must be undefined to be structural"});

  private final List<FieldError> errors = new ArrayList<>();

  private JunctorRules() {}

  static List<FieldError> check(JsonNode schema, String path) {
    JunctorRules rules = new JunctorRules();
    rules.visit(schema, path);
    return rules.errors;
  }

  private void visit(JsonNode json, String path) {
    if (!isIntOrStringAnyOf(json.get("anyOf"))) {
      junctorList(json.get("anyOf"), SchemaNode.child(path, "anyOf"));
    }
    JsonNode allOf = json.get("allOf");
    if (allOf != null && allOf.isArray()) {
      for (int i = 0; i < allOf.size(); i++) {
        String p = SchemaNode.child(path, "allOf") + "[" + i + "]";
        nested(allOf.get(i), p, i == 0 && isIntOrStringAnyOf(allOf.get(i).get("anyOf")));
      }
    }
    junctorList(json.get("oneOf"), SchemaNode.child(path, "oneOf"));
    if (json.has("not")) {
      nested(json.get("not"), SchemaNode.child(path, "not"), false);
    }
  }

  private void junctorList(JsonNode list, String path) {
    if (list != null && list.isArray()) {
      for (int i = 0; i < list.size(); i++) {
        nested(list.get(i), path + "[" + i + "]", false);
      }
    }
  }

  private void nested(JsonNode v, String path, boolean skipAnyOf) {
    if (v == null || !v.isObject()) {
      return;
    }
    if (!skipAnyOf) {
      junctorList(v.get("anyOf"), SchemaNode.child(path, "anyOf"));
    }
    junctorList(v.get("allOf"), SchemaNode.child(path, "allOf"));
    junctorList(v.get("oneOf"), SchemaNode.child(path, "oneOf"));
    if (v.has("not")) {
      nested(v.get("not"), SchemaNode.child(path, "not"), false);
    }
    if (v.has("items")) {
      nested(v.get("items"), SchemaNode.child(path, "items"), false);
    }
    v.path("properties")
        .fields()
        .forEachRemaining(
            f -> nested(f.getValue(), path + ".properties[" + f.getKey() + "]", false));
    for (String[] rule : FORBIDDEN_IN_JUNCTORS) {
      JsonNode value = v.get(rule[0]);
      if (value != null && !(value.isBoolean() && !value.booleanValue())) {
        errors.add(FieldError.forbidden(SchemaNode.child(path, rule[0]), rule[1]));
      }
    }
    if (v.path("properties").has("metadata")) {
      errors.add(
          FieldError.forbidden(
              path + ".properties[metadata]", "must not be specified in a nested context"));
    }
  }

  private static boolean isIntOrStringAnyOf(JsonNode anyOf) {
    return anyOf != null
        && anyOf.size() == 2
        && anyOf.get(0).size() == 1
        && anyOf.get(0).path("type").asText().equals("integer")
        && anyOf.get(1).size() == 1
        && anyOf.get(1).path("type").asText().equals("string");
  }
}
