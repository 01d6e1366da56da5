package dev.dewy.sandbox.schema;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The 422 {@code Status} a real API server answers when an object fails validation, built as
 * apimachinery's {@code errors.NewInvalid}: one cause per error, and a message that lists each
 * distinct error once, in brackets when there is more than one.
 */
public final class InvalidStatus {

  private InvalidStatus() {}

  /**
   * @param kind e.g. {@code DewyDeployment}
   * @param group e.g. {@code dewy.dev} (empty for the core group)
   * @param name the object's name
   */
  public static ObjectNode forObject(
      String kind, String group, String name, List<FieldError> errors) {
    String qualifiedKind = group.isEmpty() ? kind : kind + "." + group;
    String message = qualifiedKind + " " + GoText.quote(name) + " is invalid";
    if (!errors.isEmpty()) {
      message += ": " + aggregate(errors);
    }
    ObjectNode status = StatusJson.failure(message, "Invalid");
    ObjectNode details = status.putObject("details");
    details.put("name", name);
    if (!group.isEmpty()) {
      details.put("group", group);
    }
    details.put("kind", kind);
    ArrayNode causes = details.putArray("causes");
    for (FieldError e : errors) {
      causes
          .addObject()
          .put("reason", e.type().reason())
          .put("message", e.body())
          .put("field", e.field());
    }
    status.put("code", 422);
    return status;
  }

  /** The aggregate's text: distinct messages, bracketed and comma-joined when more than one. */
  static String aggregate(List<FieldError> errors) {
    Set<String> messages = new LinkedHashSet<>();
    errors.forEach(e -> messages.add(e.message()));
    return messages.size() == 1
        ? messages.iterator().next()
        : "[" + String.join(", ", messages) + "]";
  }
}
