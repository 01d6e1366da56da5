package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A request the API refuses, answered as a {@code Status} object like a real server's. */
public class ApiException extends RuntimeException {
  private final int code;
  private final String reason;
  private final List<String> causes;
  private final ObjectNode status;
  private final ObjectNode details;

  public ApiException(int code, String reason, String message) {
    this(code, reason, message, List.of());
  }

  public ApiException(int code, String reason, String message, List<String> causes) {
    this(code, reason, message, causes, null);
  }

  private ApiException(
      int code, String reason, String message, List<String> causes, ObjectNode details) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.causes = causes;
    this.status = null;
    this.details = details;
  }

  /** A refusal whose Status carries {@code details}, as the server's errors about an object do. */
  static ApiException withDetails(int code, String reason, String message, ObjectNode details) {
    return new ApiException(code, reason, message, List.of(), details);
  }

  /**
   * The details the server gives of an object it refuses to find, create or change: its name,
   * group, and (so apimachinery does it) its resource as {@code kind}.
   */
  static ObjectNode details(ResourceType type, String name) {
    ObjectNode details = JsonNodeFactory.instance.objectNode();
    details.put("name", name);
    if (!type.group().isEmpty()) {
      details.put("group", type.group());
    }
    details.put("kind", type.plural());
    return details;
  }

  /** {@code details: {}}, as the server sends for errors about no object (405, 415). */
  static ObjectNode noDetails() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** A refusal whose Status body was built elsewhere (the CRD schema admission). */
  public ApiException(ObjectNode status) {
    super(status.path("message").asText("rejected"));
    this.code = status.path("code").asInt(422);
    this.reason = status.path("reason").asText("Invalid");
    this.causes = List.of();
    this.status = status;
    this.details = null;
  }

  public int code() {
    return code;
  }

  /**
   * What the server's mux answers for a path under no group and version it serves: plain text, no
   * Status.
   */
  static ApiException pageNotFound() {
    return new PageNotFound();
  }

  /** Whether the answer is {@link #getMessage()} as plain text rather than a Status. */
  boolean plainText() {
    return this instanceof PageNotFound;
  }

  private static final class PageNotFound extends ApiException {
    PageNotFound() {
      super(404, "NotFound", "404 page not found\n");
    }
  }

  /** What a real server answers for a path in a served group and version with no resource. */
  static ApiException noSuchResource() {
    return new ApiException(404, "NotFound", "the server could not find the requested resource");
  }

  static ApiException notFound(ResourceType type, String name) {
    return withDetails(
        404, "NotFound", qualified(type) + " \"" + name + "\" not found", details(type, name));
  }

  static ApiException alreadyExists(ResourceType type, String name) {
    return withDetails(
        409,
        "AlreadyExists",
        qualified(type) + " \"" + name + "\" already exists",
        details(type, name));
  }

  static ApiException conflict(ResourceType type, String name, String why) {
    return withDetails(
        409,
        "Conflict",
        "Operation cannot be fulfilled on " + qualified(type) + " \"" + name + "\": " + why,
        details(type, name));
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
    if (details != null) {
      status.set("details", details.deepCopy());
    }
    if (!causes.isEmpty()) {
      var details = status.putObject("details").putArray("causes");
      causes.forEach(c -> details.addObject().put("reason", "FieldValueInvalid").put("message", c));
    }
    status.put("code", code);
    return status;
  }
}
