package dev.dewy.sandbox.schema;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One field-level validation failure, worded as k8s.io/apimachinery's {@code field.Error} so that a
 * client sees the same text a real API server would send.
 *
 * @param type the kind of failure, which gives the cause reason and the message label
 * @param field the field path, e.g. {@code spec.hooks.beforeDeploy.env[0].name}
 * @param body the message without the field, e.g. {@code Required value}
 */
public record FieldError(Type type, String field, String body) {

  /** The error kinds of {@code field.ErrorType}: cause reason and message label. */
  public enum Type {
    REQUIRED("FieldValueRequired", "Required value"),
    NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value"),
    INVALID("FieldValueInvalid", "Invalid value"),
    TYPE_INVALID("FieldValueTypeInvalid", "Invalid value"),
    TOO_LONG("FieldValueTooLong", "Too long"),
    TOO_MANY("FieldValueTooMany", "Too many"),
    DUPLICATE("FieldValueDuplicate", "Duplicate value"),
    FORBIDDEN("FieldValueForbidden", "Forbidden");

    private final String reason;
    private final String label;

    Type(String reason, String label) {
      this.reason = reason;
      this.label = label;
    }

    /** The {@code details.causes[].reason} of a Status. */
    public String reason() {
      return reason;
    }
  }

  /** {@code field: body}, as in the aggregated Status message. */
  public String message() {
    return field + ": " + body;
  }

  /** {@code field: Required value[: detail]}, e.g. for metadata checks done by the caller. */
  public static FieldError required(String field, String detail) {
    return new FieldError(Type.REQUIRED, field, withDetail(Type.REQUIRED.label, detail));
  }

  /** {@code field: Forbidden: detail}. */
  public static FieldError forbidden(String field, String detail) {
    return new FieldError(Type.FORBIDDEN, field, withDetail(Type.FORBIDDEN.label, detail));
  }

  /** {@code field: Invalid value: <value as Go prints it>: detail}. */
  public static FieldError invalid(String field, JsonNode value, String detail) {
    return withValue(Type.INVALID, field, GoText.value(value), detail);
  }

  static FieldError tooLong(String field, String detail) {
    return new FieldError(Type.TOO_LONG, field, withDetail(Type.TOO_LONG.label, detail));
  }

  /** An error that shows the bad value; {@code renderedValue} is already in Go's notation. */
  static FieldError withValue(Type type, String field, String renderedValue, String detail) {
    return new FieldError(type, field, withDetail(type.label + ": " + renderedValue, detail));
  }

  private static String withDetail(String head, String detail) {
    return detail == null || detail.isEmpty() ? head : head + ": " + detail;
  }
}
