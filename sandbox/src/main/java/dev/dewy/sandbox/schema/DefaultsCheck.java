package dev.dewy.sandbox.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's check that every {@code default} in a CRD schema is itself valid: it must have no
 * fields pruning would drop, and it must pass its own schema. Errors name the {@code default}
 * keyword; inside the message the value is the root, so its name is empty, as on the server.
 */
final class DefaultsCheck {

  private DefaultsCheck() {}

  static List<FieldError> check(SchemaNode schema, String path) {
    List<FieldError> errors = new ArrayList<>();
    visit(schema, path, errors);
    return errors;
  }

  private static void visit(SchemaNode s, String path, List<FieldError> errors) {
    s.defaultValue().ifPresent(d -> checkDefault(d, s, SchemaNode.child(path, "default"), errors));
    s.properties().forEach((name, p) -> visit(p, path + ".properties[" + name + "]", errors));
    s.items().ifPresent(items -> visit(items, SchemaNode.child(path, "items"), errors));
    s.additionalProperties()
        .ifPresent(ap -> visit(ap, SchemaNode.child(path, "additionalProperties"), errors));
  }

  private static void checkDefault(
      JsonNode value, SchemaNode s, String path, List<FieldError> errors) {
    JsonNode pruned = value.deepCopy();
    if (!Pruner.prune(pruned, s, "").isEmpty()) {
      errors.add(
          FieldError.withValue(
              FieldError.Type.INVALID, path, GoText.value(value), "must not have unknown fields"));
      return;
    }
    for (FieldError e : Validator.validate(value, s, "")) {
      String field = e.field().isEmpty() ? path : path + "." + e.field();
      errors.add(new FieldError(e.type(), field, e.body()));
    }
  }
}
