package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * OpenAPI v3 documents built from the stored CRDs' schemas (and open schemas for built-ins): what
 * {@code kubectl apply} checks for server-side field validation and {@code kubectl explain} reads.
 */
public final class OpenApiResponder {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private final ResourceTypes types;

  public OpenApiResponder(ResourceTypes types) {
    this.types = types;
  }

  /** The document for an {@code /openapi/v3...} path, or null when there is none. */
  public ObjectNode answer(String path) {
    if (path.equals("/openapi/v3") || path.equals("/openapi/v3/")) {
      return index();
    }
    String prefix = "/openapi/v3/";
    if (!path.startsWith(prefix)) {
      return null;
    }
    String groupVersion = path.substring(prefix.length());
    List<ResourceType> served =
        types.all().stream().filter(t -> documentPath(t).equals(groupVersion)).toList();
    return served.isEmpty() ? null : document(served);
  }

  private ObjectNode index() {
    Map<String, List<ResourceType>> byPath = new TreeMap<>();
    for (ResourceType type : types.all()) {
      byPath.computeIfAbsent(documentPath(type), k -> new java.util.ArrayList<>()).add(type);
    }
    ObjectNode index = JSON.objectNode();
    ObjectNode paths = index.putObject("paths");
    byPath.forEach(
        (path, served) ->
            paths
                .putObject(path)
                .put(
                    "serverRelativeURL",
                    "/openapi/v3/"
                        + path
                        + "?hash="
                        + Integer.toHexString(document(served).hashCode()).toUpperCase()));
    return index;
  }

  private static String documentPath(ResourceType type) {
    return type.group().isEmpty() ? "api/" + type.version() : "apis/" + type.apiVersion();
  }

  private static ObjectNode document(List<ResourceType> served) {
    ObjectNode document = JSON.objectNode().put("openapi", "3.0.0");
    document.putObject("info").put("title", "Kubernetes").put("version", "1.34");
    ObjectNode paths = document.putObject("paths");
    ObjectNode schemas = document.putObject("components").putObject("schemas");
    for (ResourceType type : served) {
      String schemaName = schemaName(type);
      schemas.set(schemaName, schema(type));
      String base =
          "/" + documentPath(type) + (type.namespaced() ? "/namespaces/{namespace}/" : "/");
      ObjectNode item = paths.putObject(base + type.plural() + "/{name}");
      item.set("get", operation(type, "get", schemaName));
      item.set("patch", operation(type, "patch", schemaName));
      item.set("put", operation(type, "put", schemaName));
      paths.putObject(base + type.plural()).set("post", operation(type, "post", schemaName));
    }
    return document;
  }

  private static ObjectNode operation(ResourceType type, String action, String schemaName) {
    ObjectNode operation = JSON.objectNode();
    operation.put("operationId", action + type.kind());
    operation.put("x-kubernetes-action", action);
    operation.set("x-kubernetes-group-version-kind", gvk(type));
    ArrayNode parameters = operation.putArray("parameters");
    if (!action.equals("get")) {
      for (String name : new String[] {"dryRun", "fieldManager", "fieldValidation"}) {
        parameters
            .addObject()
            .put("name", name)
            .put("in", "query")
            .putObject("schema")
            .put("type", "string")
            .put("uniqueItems", true);
      }
    }
    operation
        .putObject("responses")
        .putObject("200")
        .put("description", "OK")
        .putObject("content")
        .putObject("application/json")
        .putObject("schema")
        .put("$ref", "#/components/schemas/" + schemaName);
    return operation;
  }

  private static ObjectNode gvk(ResourceType type) {
    return JSON.objectNode()
        .put("group", type.group())
        .put("kind", type.kind())
        .put("version", type.version());
  }

  private static ObjectNode schema(ResourceType type) {
    ObjectNode schema =
        type.isCustom()
            ? ((ObjectNode) type.schema()).deepCopy()
            : JSON.objectNode()
                .put("type", "object")
                .put("x-kubernetes-preserve-unknown-fields", true);
    if (!schema.has("description")) {
      schema.put(
          "description", type.kind() + " is a " + ApiException.qualified(type) + " resource.");
    }
    ObjectNode properties = schema.withObject("/properties");
    putIfAbsent(
        properties,
        "apiVersion",
        "APIVersion defines the versioned schema of this representation of an object.");
    putIfAbsent(
        properties,
        "kind",
        "Kind is a string value representing the REST resource this object represents.");
    if (!properties.has("metadata")) {
      properties
          .putObject("metadata")
          .put("type", "object")
          .put("description", "Standard object's metadata.");
    }
    schema.putArray("x-kubernetes-group-version-kind").add(gvk(type));
    return schema;
  }

  private static void putIfAbsent(ObjectNode properties, String name, String description) {
    if (!properties.has(name)) {
      properties.putObject(name).put("type", "string").put("description", description);
    }
  }

  private static String schemaName(ResourceType type) {
    List<String> parts = new java.util.ArrayList<>(List.of(type.group().split("\\.")));
    java.util.Collections.reverse(parts);
    String group = type.group().isEmpty() ? "io.k8s.api.core" : String.join(".", parts);
    return group + "." + type.version() + "." + type.kind();
  }
}
