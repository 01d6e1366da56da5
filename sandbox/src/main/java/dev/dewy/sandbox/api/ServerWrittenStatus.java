package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Status the API server itself writes, since no controller here would: a Namespace is Active, a new
 * Pod is Pending, a CRD's names are accepted and it is Established at once.
 */
final class ServerWrittenStatus {
  private ServerWrittenStatus() {}

  static ObjectNode apply(ResourceType type, ObjectNode object) {
    switch (type.storageKey()) {
      case "/namespaces" -> object.withObject("/status").put("phase", "Active");
      case "/pods" -> {
        if (!object.has("status")) {
          object.putObject("status").put("phase", "Pending");
        }
      }
      case ResourceTypes.CRDS -> established(object);
      default -> {}
    }
    return object;
  }

  private static void established(ObjectNode crd) {
    ObjectNode status = crd.withObject("/status");
    status.set("acceptedNames", crd.path("spec").path("names").deepCopy());
    ArrayNode conditions = status.putArray("conditions");
    String since = crd.path("metadata").path("creationTimestamp").asText();
    conditions
        .addObject()
        .put("type", "NamesAccepted")
        .put("status", "True")
        .put("reason", "NoConflicts")
        .put("message", "no conflicts found")
        .put("lastTransitionTime", since);
    conditions
        .addObject()
        .put("type", "Established")
        .put("status", "True")
        .put("reason", "InitialNamesAccepted")
        .put("message", "the initial names have been accepted")
        .put("lastTransitionTime", since);
    ArrayNode stored = status.putArray("storedVersions");
    crd.path("spec")
        .path("versions")
        .forEach(
            version -> {
              if (version.path("storage").asBoolean(false)) {
                stored.add(version.path("name").asText());
              }
            });
  }
}
