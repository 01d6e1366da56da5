package dev.dewy.sandbox.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's uniqueness check for {@code x-kubernetes-list-type: set} (whole items) and {@code
 * map} (the {@code x-kubernetes-list-map-keys}), run after schema validation: each repeat is
 * reported once, at the index where it first repeats.
 */
final class ListTypeRules {

  private ListTypeRules() {}

  static List<FieldError> validate(JsonNode value, SchemaNode schema, String path) {
    List<FieldError> errors = new ArrayList<>();
    walk(value, schema, path, errors);
    return errors;
  }

  private static void walk(
      JsonNode value, SchemaNode schema, String path, List<FieldError> errors) {
    if (value.isObject()) {
      value
          .fields()
          .forEachRemaining(
              f -> {
                String child = SchemaNode.child(path, f.getKey());
                schema
                    .property(f.getKey())
                    .or(schema::additionalProperties)
                    .ifPresent(s -> walk(f.getValue(), s, child, errors));
              });
    } else if (value.isArray()) {
      String listType = schema.json().path("x-kubernetes-list-type").asText("");
      if (listType.equals("set")) {
        repeats(value, errors, path, value);
      } else if (listType.equals("map")) {
        checkMap(value, schema, path, errors);
      }
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

  private static void checkMap(
      JsonNode array, SchemaNode schema, String path, List<FieldError> errors) {
    List<String> keyFields = new ArrayList<>();
    schema.json().path("x-kubernetes-list-map-keys").forEach(k -> keyFields.add(k.asText()));
    List<JsonNode> keys = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonNode item = array.get(i);
      if (!item.isNull() && !item.isObject()) {
        errors.add(
            FieldError.withValue(
                FieldError.Type.INVALID,
                SchemaNode.index(path, i),
                GoText.value(item),
                "must be an object for an array of list-type map"));
        return;
      }
      ObjectNode key = JsonNodeFactory.instance.objectNode();
      for (String field : keyFields) {
        if (item.has(field)) {
          key.set(field, item.get(field));
        }
      }
      keys.add(key);
    }
    repeats(JsonNodeFactory.instance.arrayNode().addAll(keys), errors, path, null);
  }

  /** Reports the second occurrence of each repeated item (of {@code shown} when given). */
  private static void repeats(
      JsonNode items, List<FieldError> errors, String path, JsonNode shown) {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String identity =
          item.getNodeType() + (item.isIntegralNumber() ? "int" : "") + GoText.goSyntax(item);
      int times = seen.merge(identity, 1, Integer::sum);
      if (times == 2) {
        JsonNode bad = shown == null ? item : shown.get(i);
        errors.add(
            FieldError.withValue(
                FieldError.Type.DUPLICATE, SchemaNode.index(path, i), GoText.value(bad), ""));
      }
    }
  }
}
