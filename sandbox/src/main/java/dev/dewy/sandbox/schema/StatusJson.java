package dev.dewy.sandbox.schema;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The fixed head of a failure {@code Status} body, in the field order the server writes. */
final class StatusJson {

  private StatusJson() {}

  static ObjectNode failure(String message, String reason) {
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    status.put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure").put("message", message).put("reason", reason);
    return status;
  }
}
