package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Function;

/** One column of a {@code kubectl get} table: its definition and how a cell is computed. */
record TableColumn(
    String name, String type, String description, int priority, Function<JsonNode, JsonNode> cell) {

  static TableColumn text(String name, String description, Function<JsonNode, String> value) {
    return text(name, description, 0, value);
  }

  /** A column kubectl shows only with {@code -o wide} when priority is above 0. */
  static TableColumn text(
      String name, String description, int priority, Function<JsonNode, String> value) {
    return new TableColumn(
        name,
        "string",
        description,
        priority,
        o -> {
          String text = value.apply(o);
          return text == null
              ? JsonNodeFactory.instance.nullNode()
              : JsonNodeFactory.instance.textNode(text);
        });
  }

  /** A CRD additionalPrinterColumn; dates are shown as ages, the way the API server does. */
  static TableColumn printer(JsonNode column, Function<String, String> age) {
    String path = column.path("jsonPath").asText();
    boolean date = column.path("type").asText().equals("date");
    return new TableColumn(
        column.path("name").asText(),
        date ? "string" : column.path("type").asText("string"),
        column.path("description").asText(""),
        column.path("priority").asInt(0),
        o -> {
          JsonNode value = JsonPathColumn.evaluate(o, path);
          if (value.isMissingNode() || value.isNull()) {
            return JsonNodeFactory.instance.nullNode();
          }
          if (date) {
            return JsonNodeFactory.instance.textNode(age.apply(value.asText()));
          }
          return value.isContainerNode()
              ? JsonNodeFactory.instance.textNode(value.toString())
              : value;
        });
  }

  ObjectNode definition() {
    ObjectNode definition = JsonNodeFactory.instance.objectNode();
    definition.put("name", name).put("type", type);
    definition.put("format", name.equals("Name") ? "name" : "");
    definition.put("description", description).put("priority", priority);
    return definition;
  }
}
