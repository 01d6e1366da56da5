package dev.dewy.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The step that checks a custom resource against its stored CRD before it is stored: validates
 * (reject with {@link Invalid}, answered as 422), prunes unknown fields and fills defaults.
 */
public interface CustomResourceAdmission {

  /**
   * Returns the object to store.
   *
   * @param crd the stored CustomResourceDefinition, as JSON
   * @param version the version the object is written in (a {@code spec.versions[].name})
   * @param object the whole object as written, after any patch was applied
   * @throws Invalid when the object breaks the schema
   */
  ObjectNode admit(JsonNode crd, String version, ObjectNode object);

  /** Stores every object as written. */
  CustomResourceAdmission NONE = (crd, version, object) -> object;

  /** A rejection; each cause reads like {@code spec.size: must be at least 1 (got 0)}. */
  final class Invalid extends RuntimeException {
    private final List<String> causes;

    public Invalid(List<String> causes) {
      super(String.join("; ", causes));
      this.causes = List.copyOf(causes);
    }

    public List<String> causes() {
      return causes;
    }
  }
}
