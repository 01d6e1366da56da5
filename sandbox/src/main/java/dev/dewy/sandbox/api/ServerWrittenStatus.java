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
        if (object.path("status") instanceof ObjectNode status && !status.has("qosClass")) {
          status.put("qosClass", qosClass(object.path("spec")));
        }
      }
      case "/services" -> object.withObject("/status").withObject("/loadBalancer");
      case ResourceTypes.CRDS -> established(object);
      default -> {}
    }
    return object;
  }

  /**
   * The pod's QoS class as the API server computes it at create: BestEffort without requests or
   * limits, Guaranteed when every container limits cpu and memory and requests what it limits,
   * Burstable otherwise.
   */
  static String qosClass(com.fasterxml.jackson.databind.JsonNode spec) {
    java.util.Map<String, java.math.BigDecimal> requests = new java.util.HashMap<>();
    java.util.Map<String, java.math.BigDecimal> limits = new java.util.HashMap<>();
    boolean guaranteed = true;
    for (String list : new String[] {"containers", "initContainers"}) {
      for (var container : spec.path(list)) {
        add(container.path("resources").path("requests"), requests);
        java.util.Set<String> limited = add(container.path("resources").path("limits"), limits);
        guaranteed &= limited.contains("cpu") && limited.contains("memory");
      }
    }
    if (requests.isEmpty() && limits.isEmpty()) {
      return "BestEffort";
    }
    if (guaranteed) {
      for (var request : requests.entrySet()) {
        java.math.BigDecimal limit = limits.get(request.getKey());
        if (limit == null || limit.compareTo(request.getValue()) != 0) {
          guaranteed = false;
          break;
        }
      }
    }
    return guaranteed && requests.size() == limits.size() ? "Guaranteed" : "Burstable";
  }

  /** Adds the positive cpu and memory quantities to {@code sums}; returns their names. */
  private static java.util.Set<String> add(
      com.fasterxml.jackson.databind.JsonNode resources,
      java.util.Map<String, java.math.BigDecimal> sums) {
    java.util.Set<String> found = new java.util.HashSet<>();
    for (String name : new String[] {"cpu", "memory"}) {
      var value = resources.path(name);
      if (value.isMissingNode() || value.isNull()) {
        continue;
      }
      java.math.BigDecimal amount;
      try {
        amount =
            io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(
                new io.fabric8.kubernetes.api.model.Quantity(value.asText()));
      } catch (RuntimeException e) {
        continue;
      }
      if (amount.signum() > 0) {
        found.add(name);
        sums.merge(name, amount, java.math.BigDecimal::add);
      }
    }
    return found;
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
