package dev.dewy.sandbox.schema;

import static dev.dewy.sandbox.schema.FieldError.Type.INVALID;
import static dev.dewy.sandbox.schema.FieldError.Type.TYPE_INVALID;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/** The string and number constraints of kube-openapi's validator, with its wording. */
final class ScalarRules {

  private ScalarRules() {}

  /** kube-openapi stops at the first failing string constraint. */
  static void checkString(String s, SchemaNode schema, String path, List<FieldError> errors) {
    int length = s.codePointCount(0, s.length());
    JsonNode max = schema.keyword("maxLength");
    JsonNode min = schema.keyword("minLength");
    JsonNode pattern = schema.keyword("pattern");
    String quoted = GoText.quote(s);
    if (max != null && length > max.asLong()) {
      errors.add(
          FieldError.tooLong(
              path,
              "may not be more than " + max.asLong() + (max.asLong() == 1 ? " byte" : " bytes")));
    } else if (min != null && length < min.asLong()) {
      errors.add(
          FieldError.withValue(
              INVALID,
              path,
              quoted,
              path + " in body should be at least " + min.asLong() + " chars long"));
    } else if (pattern != null) {
      checkPattern(pattern.asText(), s, path, errors);
    }
    JsonNode format = schema.keyword("format");
    if (format != null && !Formats.accepts(format.asText(), s)) {
      errors.add(
          FieldError.withValue(
              TYPE_INVALID,
              path,
              quoted,
              path + " in body must be of type " + format.asText() + ": " + quoted));
    }
  }

  private static void checkPattern(String pattern, String s, String path, List<FieldError> errors) {
    String shown = pattern;
    try {
      if (Patterns.find(pattern, s)) {
        return;
      }
    } catch (PatternSyntaxException e) {
      shown = pattern + ", but pattern is invalid: " + e.getDescription();
    }
    errors.add(
        FieldError.withValue(
            INVALID, path, GoText.quote(s), path + " in body should match '" + shown + "'"));
  }

  static void checkNumber(JsonNode n, SchemaNode schema, String path, List<FieldError> errors) {
    BigDecimal value = n.decimalValue();
    String shown = GoText.number(n);
    JsonNode multipleOf = schema.keyword("multipleOf");
    if (multipleOf != null
        && multipleOf.decimalValue().signum() > 0
        && value.remainder(multipleOf.decimalValue()).signum() != 0) {
      errors.add(
          FieldError.withValue(
              INVALID,
              path,
              shown,
              path + " in body should be a multiple of " + GoText.number(multipleOf)));
    }
    bound(errors, n, schema, path, "maximum", "exclusiveMaximum", 1, "less than");
    bound(errors, n, schema, path, "minimum", "exclusiveMinimum", -1, "greater than");
  }

  private static void bound(
      List<FieldError> errors,
      JsonNode n,
      SchemaNode schema,
      String path,
      String key,
      String exclusiveKey,
      int side,
      String words) {
    JsonNode limit = schema.keyword(key);
    if (limit == null) {
      return;
    }
    boolean exclusive = schema.json().path(exclusiveKey).asBoolean(false);
    int cmp = n.decimalValue().compareTo(limit.decimalValue());
    if (cmp == side || exclusive && cmp == 0) {
      // an integer value is compared with the limit truncated to int64, as kube-openapi does
      String shownLimit =
          n.isIntegralNumber()
              ? limit.decimalValue().toBigInteger().toString()
              : GoText.number(limit);
      String detail =
          path + " in body should be " + words + (exclusive ? " " : " or equal to ") + shownLimit;
      errors.add(FieldError.withValue(INVALID, path, GoText.number(n), detail));
    }
  }
}
