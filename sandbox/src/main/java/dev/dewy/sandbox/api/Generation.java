package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;

/**
 * When {@code metadata.generation} moves: on kinds a controller reconciles, when the spec changes.
 */
final class Generation {
  private static final Set<String> TRACKED =
      Set.of(
          "apps/deployments",
          "apps/statefulsets",
          "apps/daemonsets",
          "apps/replicasets",
          "batch/jobs",
          "/pods",
          ResourceTypes.CRDS);
  private static final Set<String> NOT_SPEC = Set.of("metadata", "status", "apiVersion", "kind");

  private Generation() {}

  /** ConfigMaps, Secrets and the like carry no generation; pods do since 1.34. */
  static boolean tracked(ResourceType type) {
    return type.isCustom() || TRACKED.contains(type.storageKey());
  }

  /** Whether anything outside metadata and status changed on a kind that tracks generation. */
  static boolean specChanged(ResourceType type, ObjectNode current, ObjectNode next) {
    return tracked(type) && !specOf(current).equals(specOf(next));
  }

  private static ObjectNode specOf(ObjectNode object) {
    ObjectNode spec = object.objectNode();
    Iterator<String> names = object.fieldNames();
    while (names.hasNext()) {
      String field = names.next();
      if (!NOT_SPEC.contains(field)) {
        spec.set(field, object.get(field));
      }
    }
    return spec;
  }
}
