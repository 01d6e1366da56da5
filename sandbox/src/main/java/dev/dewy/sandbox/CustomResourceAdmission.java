package dev.dewy.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The step that checks a custom resource against its stored CRD before it is stored: validates
 * (reject with {@link Rejected}, answered as 422), prunes unknown fields and fills defaults; and
 * that checks a CRD itself before it is stored.
 */
@FunctionalInterface
public interface CustomResourceAdmission {

  /**
   * One custom resource write, after any patch was applied.
   *
   * @param crd the stored CustomResourceDefinition, as JSON
   * @param version the version the object is written in (a {@code spec.versions[].name})
   * @param object the whole object to store (for a status write: the stored object with the new
   *     status; only its status should be checked)
   * @param statusWrite true for writes to the {@code /status} subresource
   * @param patch true when the write is a PATCH (the server words strict decoding errors
   *     differently for patches)
   * @param fieldValidation the request's {@code ?fieldValidation=} (Strict, Warn, Ignore) or null
   */
  record Request(
      JsonNode crd,
      String version,
      ObjectNode object,
      boolean statusWrite,
      boolean patch,
      String fieldValidation) {}

  /**
   * What to store, and the warnings to send back as {@code Warning} headers (values such as {@code
   * 299 - "unknown field \"spec.x\""}).
   */
  record Admitted(ObjectNode object, List<String> warnings) {
    public Admitted {
      warnings = List.copyOf(warnings);
    }

    /** Stores {@code object}, with no warnings. */
    public static Admitted of(ObjectNode object) {
      return new Admitted(object, List.of());
    }
  }

  /** Returns the object to store, or throws {@link Rejected}. */
  Admitted admit(Request request);

  /**
   * Checks a CustomResourceDefinition before it is created or updated; throws {@link Rejected} to
   * refuse it. Accepts every CRD unless overridden.
   */
  default void admitDefinition(JsonNode crd) {}

  /** Stores every object as written. */
  CustomResourceAdmission NONE = request -> Admitted.of(request.object());

  /** A refusal: either a complete Status body, or causes the API words into a 422 Invalid. */
  final class Rejected extends RuntimeException {
    private final ObjectNode status;
    private final List<String> causes;
    private final List<String> warnings;

    /** Answers with this Status (its {@code code} is the HTTP status). */
    public Rejected(ObjectNode status) {
      this(status, List.of());
    }

    /**
     * Answers with this Status and these {@code Warning} header values, as for {@link Admitted}.
     */
    public Rejected(ObjectNode status, List<String> warnings) {
      super(status.path("message").asText("rejected"));
      this.status = status;
      this.causes = List.of();
      this.warnings = List.copyOf(warnings);
    }

    /** Answers 422 Invalid; each cause reads like {@code spec.size: must be at least 1 (got 0)}. */
    public Rejected(List<String> causes) {
      super(String.join("; ", causes));
      this.status = null;
      this.causes = List.copyOf(causes);
      this.warnings = List.of();
    }

    /** Warnings sent with the refusal: a real server sends them with errors too. */
    public List<String> warnings() {
      return warnings;
    }

    public Optional<ObjectNode> status() {
      return Optional.ofNullable(status);
    }

    public List<String> causes() {
      return causes;
    }
  }
}
