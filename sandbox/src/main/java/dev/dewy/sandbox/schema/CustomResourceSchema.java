package dev.dewy.sandbox.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The schema handling a real API server applies to a custom resource write, for one CRD version:
 * prune unknown fields, apply defaults, then validate. {@link SchemaAdmission} calls this on every
 * custom resource write so that clients see the same objects and errors as on a cluster.
 */
public final class CustomResourceSchema {

  private final SchemaNode root;

  private CustomResourceSchema(SchemaNode root) {
    this.root = root;
  }

  /** The schema of one CRD version: its {@code schema.openAPIV3Schema}. */
  public static CustomResourceSchema of(JsonNode openAPIV3Schema) {
    if (openAPIV3Schema == null || !openAPIV3Schema.isObject()) {
      throw new IllegalArgumentException(
          "openAPIV3Schema must be a JSON object (the schema.openAPIV3Schema of a CRD version),"
              + " got "
              + openAPIV3Schema);
    }
    return new CustomResourceSchema(SchemaNode.of(openAPIV3Schema));
  }

  /**
   * The schema that a CRD (the whole object) declares for {@code version}, or empty when the CRD
   * does not serve that version with a schema.
   */
  public static Optional<CustomResourceSchema> forVersion(JsonNode crd, String version) {
    for (JsonNode v : crd.path("spec").path("versions")) {
      JsonNode schema = v.path("schema").get("openAPIV3Schema");
      if (version.equals(v.path("name").asText()) && schema != null && schema.isObject()) {
        return Optional.of(of(schema));
      }
    }
    return Optional.empty();
  }

  /** Prunes, defaults and validates a whole object (create or update of the main resource). */
  public AdmissionResult admit(ObjectNode object) {
    ObjectNode copy = object.deepCopy();
    List<String> pruned = Pruner.pruneResource(copy, root);
    Defaulter.apply(copy, root);
    List<FieldError> errors = new ArrayList<>(Validator.validate(copy, root, ""));
    errors.addAll(EmbeddedResources.validate(copy, root, ""));
    errors.addAll(ListTypeRules.validate(copy, root, ""));
    return new AdmissionResult(copy, errors, pruned);
  }

  /**
   * Prunes, defaults and validates only {@code status}, as a write to the {@code /status}
   * subresource does; the rest of the object is returned untouched.
   */
  public AdmissionResult admitStatus(ObjectNode object) {
    ObjectNode copy = object.deepCopy();
    JsonNode status = copy.get("status");
    SchemaNode statusSchema = root.property("status").orElse(null);
    if (status == null || statusSchema == null) {
      return new AdmissionResult(copy, List.of(), List.of());
    }
    List<String> pruned = Pruner.prune(status, statusSchema, "status");
    Defaulter.apply(copy, onlyStatus(statusSchema));
    status = copy.get("status");
    List<FieldError> errors = new ArrayList<>();
    if (status != null) {
      errors.addAll(Validator.validate(status, statusSchema, "status"));
      errors.addAll(EmbeddedResources.validate(status, statusSchema, "status"));
      errors.addAll(ListTypeRules.validate(status, statusSchema, "status"));
    }
    return new AdmissionResult(copy, errors, pruned);
  }

  /** A root schema that knows only {@code status}, so defaulting leaves the rest alone. */
  private static SchemaNode onlyStatus(SchemaNode statusSchema) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("type", "object").putObject("properties").set("status", statusSchema.json());
    return SchemaNode.of(json);
  }
}
