package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reading the metadata every stored object carries. */
public final class Meta {
  private Meta() {}

  public static ObjectNode metadata(ObjectNode object) {
    JsonNode metadata = object.get("metadata");
    if (metadata instanceof ObjectNode node) {
      return node;
    }
    return object.putObject("metadata");
  }

  public static String name(JsonNode object) {
    return text(object.path("metadata").path("name"));
  }

  public static String namespace(JsonNode object) {
    return text(object.path("metadata").path("namespace"));
  }

  public static String uid(JsonNode object) {
    return text(object.path("metadata").path("uid"));
  }

  public static String resourceVersion(JsonNode object) {
    return text(object.path("metadata").path("resourceVersion"));
  }

  private static String text(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }
}
