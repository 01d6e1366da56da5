package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Answers {@code kubectl get}'s request for a meta.k8s.io Table: a CRD's printer columns, or NAME
 * and AGE for built-ins.
 */
public final class TableResponder {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private final Clock clock;

  public TableResponder(Clock clock) {
    this.clock = clock;
  }

  /** Whether the Accept header asks for a Table. */
  public static boolean wanted(String accept) {
    return accept != null && accept.contains("as=Table");
  }

  public ObjectNode table(
      ResourceType type, List<ObjectNode> objects, String resourceVersion, boolean withColumns) {
    ObjectNode table = JSON.objectNode();
    table.put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    table.putObject("metadata").put("resourceVersion", resourceVersion);
    if (withColumns) {
      ArrayNode definitions = table.putArray("columnDefinitions");
      columns(type).forEach(c -> definitions.add(definition(c)));
    }
    ArrayNode rows = table.putArray("rows");
    for (ObjectNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (JsonNode column : columns(type)) {
        cells.add(cell(column, object));
      }
      ObjectNode partial = row.putObject("object");
      partial.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
      partial.set("metadata", object.path("metadata").deepCopy());
    }
    return table;
  }

  private static List<JsonNode> columns(ResourceType type) {
    ObjectNode name =
        JSON.objectNode()
            .put("name", "Name")
            .put("type", "string")
            .put("format", "name")
            .put("jsonPath", ".metadata.name")
            .put("description", "Name must be unique within a namespace.");
    if (type.isCustom() && !type.printerColumns().isEmpty()) {
      return concat(name, type.printerColumns());
    }
    ObjectNode age =
        JSON.objectNode()
            .put("name", "Age")
            .put("type", "date")
            .put("jsonPath", ".metadata.creationTimestamp")
            .put("description", "CreationTimestamp is when the object was created.");
    return List.of(name, age);
  }

  private static List<JsonNode> concat(JsonNode first, List<JsonNode> rest) {
    var all = new java.util.ArrayList<JsonNode>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  private static ObjectNode definition(JsonNode column) {
    ObjectNode definition = JSON.objectNode();
    definition.put("name", column.path("name").asText());
    String type = column.path("type").asText("string");
    definition.put("type", type.equals("date") ? "string" : type);
    definition.put("format", column.path("format").asText(type.equals("date") ? "" : ""));
    definition.put("description", column.path("description").asText(""));
    definition.put("priority", column.path("priority").asInt(0));
    return definition;
  }

  private JsonNode cell(JsonNode column, ObjectNode object) {
    JsonNode value = JsonPathColumn.evaluate(object, column.path("jsonPath").asText());
    if (value.isMissingNode() || value.isNull()) {
      return JSON.nullNode();
    }
    if (column.path("type").asText().equals("date")) {
      return JSON.textNode(age(value.asText()));
    }
    return value.isContainerNode() ? JSON.textNode(value.toString()) : value;
  }

  private String age(String timestamp) {
    try {
      return HumanDuration.format(Duration.between(Instant.parse(timestamp), Instant.now(clock)));
    } catch (RuntimeException e) {
      return "<unknown>";
    }
  }
}
