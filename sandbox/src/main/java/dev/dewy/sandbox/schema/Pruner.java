package dev.dewy.sandbox.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Drops fields the schema does not describe, as the API server does when it decodes a custom
 * resource, and names each dropped field (sorted) for strict or warning field validation.
 */
final class Pruner {

  /** Kept on every resource root and embedded resource; metadata is the server's own business. */
  private static final Set<String> RESOURCE_FIELDS = Set.of("apiVersion", "kind", "metadata");

  private final List<String> pruned = new ArrayList<>();

  private Pruner() {}

  /** Prunes {@code value} in place, treating it as a resource root; returns the dropped paths. */
  static List<String> pruneResource(ObjectNode value, SchemaNode schema) {
    Pruner pruner = new Pruner();
    pruner.pruneObject(value, schema, "", true, schema.preserveUnknownFields());
    return pruner.sorted();
  }

  /** Prunes the value found at {@code path} in place; returns the dropped paths. */
  static List<String> prune(JsonNode value, SchemaNode schema, String path) {
    Pruner pruner = new Pruner();
    pruner.walk(value, schema, path, false);
    return pruner.sorted();
  }

  private List<String> sorted() {
    pruned.sort(null);
    return List.copyOf(pruned);
  }

  /**
   * {@code preserving} carries x-kubernetes-preserve-unknown-fields from an array to its items, as
   * the server does; through object properties it does not carry.
   */
  private void walk(JsonNode value, SchemaNode schema, String path, boolean preserving) {
    boolean keep = preserving || schema.preserveUnknownFields();
    if (value instanceof ObjectNode object) {
      pruneObject(object, schema, path, schema.embeddedResource(), keep);
    } else if (value instanceof ArrayNode array) {
      SchemaNode items = schema.items().orElse(SchemaNode.EMPTY);
      for (int i = 0; i < array.size(); i++) {
        walk(array.get(i), items, SchemaNode.index(path, i), keep);
      }
    }
  }

  private void pruneObject(
      ObjectNode object, SchemaNode schema, String path, boolean resource, boolean keepUnknown) {
    Map<String, SchemaNode> properties = schema.properties();
    Optional<SchemaNode> mapValues = schema.additionalProperties();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      String fieldPath = SchemaNode.child(path, name);
      if (resource && RESOURCE_FIELDS.contains(name)) {
        continue;
      }
      SchemaNode described = properties.get(name);
      if (described != null) {
        walk(field.getValue(), described, fieldPath, false);
      } else if (mapValues.isPresent()) {
        walk(field.getValue(), mapValues.get(), fieldPath, false);
      } else if (!keepUnknown) {
        pruned.add(fieldPath);
        it.remove();
      }
    }
  }
}
