package dev.dewy.sandbox.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Read access to one node of an {@code openAPIV3Schema}, with the Kubernetes extensions. */
record SchemaNode(JsonNode json) {

  /** The declared type, or {@code ""} when none is given. */
  String type() {
    return json.path("type").asText("");
  }

  /** The type list a value is checked against: int-or-string means integer or string. */
  List<String> expectedTypes() {
    if (!type().isEmpty()) {
      return List.of(type());
    }
    return intOrString() ? List.of("integer", "string") : List.of();
  }

  /** Declared properties in the order the CRD lists them. */
  Map<String, SchemaNode> properties() {
    Map<String, SchemaNode> props = new LinkedHashMap<>();
    json.path("properties").fields().forEachRemaining(e -> props.put(e.getKey(), of(e.getValue())));
    return props;
  }

  Optional<SchemaNode> property(String name) {
    JsonNode p = json.path("properties").get(name);
    return p == null ? Optional.empty() : Optional.of(of(p));
  }

  /** A schema that describes nothing: what the server prunes against where none is given. */
  static final SchemaNode EMPTY = new SchemaNode(JsonNodeFactory.instance.objectNode());

  /**
   * The schema of map values: the given one, or {@link #EMPTY} for {@code additionalProperties:
   * true}, under which the server keeps the keys but prunes everything inside objects.
   */
  Optional<SchemaNode> additionalProperties() {
    JsonNode ap = json.get("additionalProperties");
    if (ap != null && ap.isObject()) {
      return Optional.of(of(ap));
    }
    return ap != null && ap.asBoolean(false) ? Optional.of(EMPTY) : Optional.empty();
  }

  Optional<SchemaNode> items() {
    JsonNode items = json.get("items");
    return items != null && items.isObject() ? Optional.of(of(items)) : Optional.empty();
  }

  List<String> required() {
    List<String> names = new ArrayList<>();
    json.path("required").forEach(n -> names.add(n.asText()));
    return names;
  }

  Optional<JsonNode> defaultValue() {
    return Optional.ofNullable(json.get("default"));
  }

  boolean nullable() {
    return json.path("nullable").asBoolean(false);
  }

  boolean preserveUnknownFields() {
    return json.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
  }

  boolean intOrString() {
    return json.path("x-kubernetes-int-or-string").asBoolean(false);
  }

  boolean embeddedResource() {
    return json.path("x-kubernetes-embedded-resource").asBoolean(false);
  }

  /** A value constraint keyword, or null. */
  JsonNode keyword(String name) {
    return json.get(name);
  }

  static SchemaNode of(JsonNode json) {
    return new SchemaNode(json);
  }

  /** Joins a property name onto a field path as the server does: {@code a.b}. */
  static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** Joins an array index onto a field path: {@code a[0]}. */
  static String index(String path, int i) {
    return path + "[" + i + "]";
  }
}
