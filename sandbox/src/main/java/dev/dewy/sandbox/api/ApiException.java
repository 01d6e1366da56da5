package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A request the API refuses, answered as a {@code Status} object like a real server's. */
public final class ApiException extends RuntimeException {
  private final int code;
  private final String reason;
  private final List<String> causes;
  private final ObjectNode status;

  public ApiException(int code, String reason, String message) {
    this(code, reason, message, List.of());
  }

  public ApiException(int code, String reason, String message, List<String> causes) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.causes = causes;
    this.status = null;
  }

  /** A refusal whose Status body was built elsewhere (the CRD schema admission). */
  public ApiException(ObjectNode status) {
    super(status.path("message").asText("rejected"));
    this.code = status.path("code").asInt(422);
    this.reason = status.path("reason").asText("Invalid");
    this.causes = List.of();
    this.status = status;
  }

  public int code() {
    return code;
  }

  /** What a real server answers for a path it serves no resource at. */
  static ApiException noSuchResource() {
    return new ApiException(404, "NotFound", "the server could not find the requested resource");
  }

  static ApiException notFound(ResourceType type, String name) {
    return new ApiException(404, "NotFound", qualified(type) + " \"" + name + "\" not found");
  }

  static ApiException conflict(ResourceType type, String name, String why) {
    return new ApiException(
        409,
        "Conflict",
        "Operation cannot be fulfilled on " + qualified(type) + " \"" + name + "\": " + why);
  }

  /** 422 Invalid, worded as a real server words it: {@code Kind.group "name" is invalid: ...}. */
  static ApiException invalid(ResourceType type, String name, List<String> causes) {
    String kind = type.group().isEmpty() ? type.kind() : type.kind() + "." + type.group();
    return new ApiException(
        422,
        "Invalid",
        kind + " \"" + name + "\" is invalid: " + String.join("; ", causes),
        causes);
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, "BadRequest", message);
  }

  static String qualified(ResourceType type) {
    return type.group().isEmpty() ? type.plural() : type.plural() + "." + type.group();
  }

  /** The Status body kubectl and fabric8 read the message and reason from. */
  public ObjectNode toStatus() {
    if (this.status != null) {
      return this.status.deepCopy();
    }
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    status.put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure").put("message", getMessage()).put("reason", reason);
    if (!causes.isEmpty()) {
      var details = status.putObject("details").putArray("causes");
      causes.forEach(c -> details.addObject().put("reason", "FieldValueInvalid").put("message", c));
    }
    status.put("code", code);
    return status;
  }
}
