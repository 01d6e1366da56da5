package dev.dewy.sandbox.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's extra check on {@code x-kubernetes-embedded-resource} objects: each needs a
 * non-empty string {@code apiVersion} and {@code kind}. Runs after schema validation, as there.
 */
final class EmbeddedResources {

  private EmbeddedResources() {}

  static List<FieldError> validate(JsonNode value, SchemaNode schema, String path) {
    List<FieldError> errors = new ArrayList<>();
    walk(value, schema, path, errors);
    return errors;
  }

  private static void walk(
      JsonNode value, SchemaNode schema, String path, List<FieldError> errors) {
    if (value.isObject()) {
      if (schema.embeddedResource()) {
        checkHeader(value, path, "apiVersion", errors);
        checkHeader(value, path, "kind", errors);
      }
      var properties = schema.properties();
      value
          .fields()
          .forEachRemaining(
              f -> {
                SchemaNode property = properties.get(f.getKey());
                if (property != null) {
                  walk(f.getValue(), property, SchemaNode.child(path, f.getKey()), errors);
                } else {
                  schema
                      .additionalProperties()
                      .ifPresent(
                          s -> walk(f.getValue(), s, SchemaNode.child(path, f.getKey()), errors));
                }
              });
    } else if (value.isArray()) {
      schema
          .items()
          .ifPresent(
              items -> {
                for (int i = 0; i < value.size(); i++) {
                  walk(value.get(i), items, SchemaNode.index(path, i), errors);
                }
              });
    }
  }

  private static void checkHeader(
      JsonNode object, String path, String name, List<FieldError> errors) {
    JsonNode v = object.get(name);
    String field = SchemaNode.child(path, name);
    if (v == null) {
      errors.add(FieldError.required(field, ""));
    } else if (!v.isTextual()) {
      errors.add(
          FieldError.withValue(
              FieldError.Type.INVALID, field, GoText.value(v), "must be a string"));
    } else if (v.textValue().isEmpty()) {
      errors.add(FieldError.withValue(FieldError.Type.INVALID, field, "\"\"", "must not be empty"));
    }
  }
}
