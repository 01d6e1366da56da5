package dev.dewy.sandbox.schema;

import static dev.dewy.sandbox.schema.FieldError.Type.INVALID;
import static dev.dewy.sandbox.schema.FieldError.Type.NOT_SUPPORTED;
import static dev.dewy.sandbox.schema.FieldError.Type.TOO_MANY;
import static dev.dewy.sandbox.schema.FieldError.Type.TYPE_INVALID;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Checks a value against its schema in the order kube-openapi's validator does (type, string,
 * format, number, array, enum, object), with the apiextensions server's wording for each error.
 */
final class Validator {

  private final List<FieldError> errors = new ArrayList<>();

  private Validator() {}

  /** All schema violations of {@code value}, which sits at {@code path}. */
  static List<FieldError> validate(JsonNode value, SchemaNode schema, String path) {
    Validator validator = new Validator();
    validator.check(value, schema, path);
    return validator.errors;
  }

  private void check(JsonNode value, SchemaNode schema, String path) {
    if (!checkType(value, schema, path)) {
      checkEnum(value, schema, path);
      return;
    }
    if (value.isTextual()) {
      ScalarRules.checkString(value.textValue(), schema, path, errors);
    }
    if (value.isNumber()) {
      ScalarRules.checkNumber(value, schema, path, errors);
    }
    if (value.isArray()) {
      checkArray(value, schema, path);
    }
    checkEnum(value, schema, path);
    if (value.isObject()) {
      checkObject(value, schema, path);
    }
  }

  /** False when the value's JSON type is not the declared one (null counts unless nullable). */
  private boolean checkType(JsonNode value, SchemaNode schema, String path) {
    List<String> expected = schema.expectedTypes();
    if (value.isNull()) {
      if (!expected.isEmpty() && !schema.nullable()) {
        typeError(path, expected, "null");
      }
      return false;
    }
    String actual = jsonType(value);
    boolean matches =
        expected.isEmpty()
            || expected.contains(actual)
            || actual.equals("integer") && expected.contains("number")
            || actual.equals("number") && expected.contains("integer") && isWhole(value);
    if (!matches) {
      typeError(path, expected, actual);
    }
    return matches;
  }

  private void typeError(String path, List<String> expected, String actual) {
    String detail =
        path
            + " in body must be of type "
            + String.join(",", expected)
            + ": "
            + GoText.quote(actual);
    errors.add(FieldError.withValue(TYPE_INVALID, path, GoText.quote(actual), detail));
  }

  private void checkArray(JsonNode array, SchemaNode schema, String path) {
    schema
        .items()
        .ifPresent(
            items -> {
              for (int i = 0; i < array.size(); i++) {
                check(array.get(i), items, SchemaNode.index(path, i));
              }
            });
    JsonNode min = schema.keyword("minItems");
    if (min != null && array.size() < min.asLong()) {
      String detail = path + " in body should have at least " + min.asLong() + " items";
      errors.add(FieldError.withValue(INVALID, path, String.valueOf(array.size()), detail));
    }
    JsonNode max = schema.keyword("maxItems");
    if (max != null && array.size() > max.asLong()) {
      errors.add(
          FieldError.withValue(
              TOO_MANY,
              path,
              String.valueOf(array.size()),
              "must have at most " + max.asLong() + (max.asLong() == 1 ? " item" : " items")));
    }
    if (schema.json().path("uniqueItems").asBoolean(false) && hasDuplicates(array)) {
      errors.add(
          FieldError.withValue(
              INVALID, path, "\"\"", path + " in body shouldn't contain duplicates"));
    }
  }

  private void checkEnum(JsonNode value, SchemaNode schema, String path) {
    JsonNode allowed = schema.keyword("enum");
    if (allowed == null || !allowed.isArray()) {
      return;
    }
    for (JsonNode candidate : allowed) {
      if (JsonValues.same(candidate, value)) {
        return;
      }
    }
    List<String> shown = new ArrayList<>();
    allowed.forEach(a -> shown.add(GoText.quote(a.isTextual() ? a.textValue() : a.toString())));
    errors.add(
        FieldError.withValue(
            NOT_SUPPORTED,
            path,
            GoText.value(value),
            "supported values: " + shown.stream().collect(Collectors.joining(", "))));
  }

  /** Map values first, then declared properties, then missing required ones, as kube-openapi. */
  private void checkObject(JsonNode object, SchemaNode schema, String path) {
    var properties = schema.properties();
    schema
        .additionalProperties()
        .ifPresent(
            values ->
                object
                    .fields()
                    .forEachRemaining(
                        f -> {
                          if (!properties.containsKey(f.getKey())) {
                            check(f.getValue(), values, SchemaNode.child(path, f.getKey()));
                          }
                        }));
    properties.forEach(
        (name, property) -> {
          JsonNode v = object.get(name);
          if (v != null) {
            check(v, property, SchemaNode.child(path, name));
          }
        });
    for (String name : schema.required()) {
      if (!object.has(name)) {
        errors.add(FieldError.required(SchemaNode.child(path, name), ""));
      }
    }
  }

  private static boolean hasDuplicates(JsonNode array) {
    for (int i = 0; i < array.size(); i++) {
      for (int j = i + 1; j < array.size(); j++) {
        if (JsonValues.same(array.get(i), array.get(j))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isWhole(JsonNode n) {
    BigDecimal d = n.decimalValue();
    return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
  }

  /** The JSON type name the way kube-openapi infers it from decoded JSON. */
  static String jsonType(JsonNode value) {
    return switch (value.getNodeType()) {
      case STRING, BINARY -> "string";
      case BOOLEAN -> "boolean";
      case NUMBER -> value.isIntegralNumber() ? "integer" : "number";
      case ARRAY -> "array";
      case OBJECT, POJO -> "object";
      default -> "null";
    };
  }
}
