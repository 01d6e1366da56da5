package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Zero values as kube-apiserver writes them: it decodes a built-in object into its Go type and
 * writes that back as JSON, so a field tagged {@code omitempty} that holds 0, false, "" or an empty
 * list or map is gone, whatever the client sent, and a field Go always writes (no omitempty, or a
 * struct such as a timestamp) is there even when the client left it out. The tables cover the
 * fields where clients and the sandbox's own stand-ins differ from that: workload and Job status
 * counts, CRDs (printer columns, version flags, names and every node of a schema), pod conditions'
 * lastProbeTime and the fields of an Event.
 */
final class ZeroValues {
  private ZeroValues() {}

  private static final JsonNode NULL = com.fasterxml.jackson.databind.node.NullNode.instance;
  private static final JsonNode EMPTY =
      com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
  private static final JsonNode TEXT =
      com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.textNode("");

  /** Per kind: the object paths (dots, {@code []} for each item) of omitempty fields. */
  private static final Map<String, List<String>> PATHS =
      Map.of(
          "apps/deployments",
          List.of(
              "status.observedGeneration",
              "status.replicas",
              "status.updatedReplicas",
              "status.readyReplicas",
              "status.availableReplicas",
              "status.unavailableReplicas"),
          "apps/statefulsets",
          List.of(
              "status.observedGeneration",
              "status.readyReplicas",
              "status.currentReplicas",
              "status.updatedReplicas",
              "status.currentRevision",
              "status.updateRevision"),
          "apps/daemonsets",
          List.of(
              "status.observedGeneration",
              "status.updatedNumberScheduled",
              "status.numberAvailable",
              "status.numberUnavailable"),
          "apps/replicasets",
          List.of(
              "status.fullyLabeledReplicas",
              "status.readyReplicas",
              "status.availableReplicas",
              "status.observedGeneration"),
          "batch/jobs",
          List.of("status.active", "status.succeeded", "status.failed", "status.completedIndexes"),
          ResourceTypes.CRDS,
          List.of(
              "spec.preserveUnknownFields",
              "spec.names.singular",
              "spec.names.listKind",
              "spec.names.shortNames",
              "spec.names.categories",
              "spec.versions[].deprecated",
              "spec.versions[].additionalPrinterColumns[].format",
              "spec.versions[].additionalPrinterColumns[].description",
              "spec.versions[].additionalPrinterColumns[].priority"));

  /** The omitempty fields of JSONSchemaProps that are not pointers. */
  private static final Set<String> SCHEMA_FIELDS =
      Set.of(
          "id",
          "description",
          "type",
          "format",
          "title",
          "exclusiveMaximum",
          "exclusiveMinimum",
          "pattern",
          "uniqueItems",
          "required",
          "enum",
          "properties",
          "patternProperties",
          "definitions",
          "dependencies",
          "allOf",
          "oneOf",
          "anyOf",
          "nullable",
          "x-kubernetes-embedded-resource",
          "x-kubernetes-int-or-string",
          "x-kubernetes-list-map-keys",
          "x-kubernetes-validations");

  /** Per kind: fields Go writes even when zero, and the zero it writes (null, "" or {}). */
  private static final Map<String, Map<String, JsonNode>> WRITTEN =
      Map.of(
          "/pods",
          Map.of("status.conditions[].lastProbeTime", NULL),
          "/events",
          Map.of(
              "involvedObject", EMPTY,
              "source", EMPTY,
              "firstTimestamp", NULL,
              "lastTimestamp", NULL,
              "eventTime", NULL,
              "reportingComponent", TEXT,
              "reportingInstance", TEXT));

  static void apply(ResourceType type, ObjectNode object) {
    for (String path : PATHS.getOrDefault(type.storageKey(), List.of())) {
      drop(object, path.split("\\."), 0);
    }
    WRITTEN
        .getOrDefault(type.storageKey(), Map.of())
        .forEach((path, zero) -> write(object, path.split("\\."), 0, zero));
    if (type.storageKey().equals(ResourceTypes.CRDS)) {
      for (JsonNode version : object.path("spec").path("versions")) {
        schema(version.path("schema").path("openAPIV3Schema"));
      }
    }
  }

  private static void write(JsonNode node, String[] path, int at, JsonNode zero) {
    boolean each = path[at].endsWith("[]");
    String field = each ? path[at].substring(0, path[at].length() - 2) : path[at];
    if (at == path.length - 1) {
      if (node instanceof ObjectNode object && !object.has(field)) {
        object.set(field, zero.deepCopy());
      }
      return;
    }
    JsonNode next = node.path(field);
    if (each) {
      next.forEach(item -> write(item, path, at + 1, zero));
    } else if (next.isObject()) {
      write(next, path, at + 1, zero);
    }
  }

  private static void drop(JsonNode node, String[] path, int at) {
    boolean each = path[at].endsWith("[]");
    String field = each ? path[at].substring(0, path[at].length() - 2) : path[at];
    if (at == path.length - 1) {
      if (node instanceof ObjectNode object && isZero(object.get(field))) {
        object.remove(field);
      }
      return;
    }
    JsonNode next = node.path(field);
    if (each) {
      next.forEach(item -> drop(item, path, at + 1));
    } else {
      drop(next, path, at + 1);
    }
  }

  /** One JSONSchemaProps node and the schemas below it; defaults, examples and enums are data. */
  private static void schema(JsonNode node) {
    if (!(node instanceof ObjectNode schema)) {
      return;
    }
    SCHEMA_FIELDS.forEach(
        field -> {
          if (isZero(schema.get(field))) {
            schema.remove(field);
          }
        });
    for (String map : new String[] {"properties", "patternProperties", "definitions"}) {
      schema.path(map).forEach(ZeroValues::schema);
    }
    for (String list : new String[] {"allOf", "oneOf", "anyOf"}) {
      schema.path(list).forEach(ZeroValues::schema);
    }
    JsonNode items = schema.path("items");
    if (items.isArray()) {
      items.forEach(ZeroValues::schema);
    } else {
      schema(items);
    }
    schema(schema.path("additionalProperties"));
    schema(schema.path("additionalItems"));
    schema(schema.path("not"));
  }

  private static boolean isZero(JsonNode value) {
    if (value == null) {
      return false;
    }
    return (value.isNumber() && value.asDouble() == 0)
        || (value.isBoolean() && !value.asBoolean())
        || (value.isTextual() && value.asText().isEmpty())
        || (value.isContainerNode() && value.isEmpty());
  }
}
