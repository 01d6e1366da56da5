package dev.dewy.sandbox.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fills in {@code default} values as the API server does after decoding: a null in a field that is
 * not nullable is dropped (or replaced by the default when there is one), absent fields get their
 * default, and defaults inside a freshly defaulted object apply too.
 */
final class Defaulter {

  private Defaulter() {}

  /** Drops nulls the schema does not allow, then applies defaults; changes {@code value}. */
  static void apply(JsonNode value, SchemaNode schema) {
    dropDisallowedNulls(value, schema);
    applyDefaults(value, schema);
  }

  private static void dropDisallowedNulls(JsonNode value, SchemaNode schema) {
    if (value instanceof ObjectNode object) {
      List<String> drop = new ArrayList<>();
      object
          .fields()
          .forEachRemaining(
              field ->
                  schemaFor(field.getKey(), schema)
                      .ifPresent(
                          s -> {
                            if (field.getValue().isNull()
                                && s.defaultValue().isEmpty()
                                && !s.nullable()) {
                              drop.add(field.getKey());
                            } else {
                              dropDisallowedNulls(field.getValue(), s);
                            }
                          }));
      object.remove(drop);
    } else if (value instanceof ArrayNode array) {
      schema.items().ifPresent(items -> array.forEach(item -> dropDisallowedNulls(item, items)));
    }
  }

  /** The schema of a field: its property, else the map-value schema, else none. */
  private static Optional<SchemaNode> schemaFor(String field, SchemaNode schema) {
    Optional<SchemaNode> property = schema.property(field);
    return property.isPresent() ? property : schema.additionalProperties();
  }

  private static void applyDefaults(JsonNode value, SchemaNode schema) {
    if (value instanceof ObjectNode object) {
      Map<String, SchemaNode> properties = schema.properties();
      properties.forEach(
          (name, property) ->
              property
                  .defaultValue()
                  .filter(d -> needsDefault(object.get(name), property))
                  .ifPresent(d -> object.set(name, d.deepCopy())));
      Optional<SchemaNode> mapValues = schema.additionalProperties();
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        SchemaNode property = properties.get(name);
        if (property != null) {
          applyDefaults(object.get(name), property);
        } else if (mapValues.isPresent()) {
          SchemaNode values = mapValues.get();
          values
              .defaultValue()
              .filter(d -> needsDefault(object.get(name), values))
              .ifPresent(d -> object.set(name, d.deepCopy()));
          applyDefaults(object.get(name), values);
        }
      }
    } else if (value instanceof ArrayNode array) {
      schema
          .items()
          .ifPresent(
              items -> {
                for (int i = 0; i < array.size(); i++) {
                  if (needsDefault(array.get(i), items) && items.defaultValue().isPresent()) {
                    array.set(i, items.defaultValue().get().deepCopy());
                  }
                  applyDefaults(array.get(i), items);
                }
              });
    }
  }

  private static boolean needsDefault(JsonNode current, SchemaNode schema) {
    return current == null || current.isNull() && !schema.nullable();
  }
}
